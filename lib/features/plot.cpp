#include "features/plot.hpp"

#include <algorithm>
#include <cmath>

#include "audio/audio_file.hpp"
#include "core/svg.hpp"

namespace lw::features {

Envelope waveform_envelope(const std::string& audio_path, int columns, int channel) {
  audio::Reader r(audio_path);
  Envelope e;
  const std::int64_t n = r.info().frames;
  e.duration = r.info().duration();
  e.lo.assign(std::size_t(columns), 0.f);
  e.hi.assign(std::size_t(columns), 0.f);
  if (n <= 0) return e;
  std::vector<float> buf(1 << 16);
  std::int64_t pos = 0;
  for (;;) {
    const std::int64_t got = r.read_mono(buf.data(), std::int64_t(buf.size()), channel);
    if (got == 0) break;
    for (std::int64_t i = 0; i < got; ++i, ++pos) {
      const std::size_t c = std::size_t(std::min<std::int64_t>(columns - 1, pos * columns / n));
      e.lo[c] = std::min(e.lo[c], buf[std::size_t(i)]);
      e.hi[c] = std::max(e.hi[c], buf[std::size_t(i)]);
    }
  }
  return e;
}

namespace {

const char* kInk = "#222222";
const char* kGrid = "#e4e4e4";
const char* kLine = "#1f5fa8";

// Per pixel column min and max of a curve, so long files stay small and
// still show every extreme.
void decimate(const std::vector<double>& t, const std::vector<double>& v,
                                                const std::vector<bool>& keep, const svg::Scale& x,
                                                const svg::Scale& y, std::vector<std::vector<std::pair<double, double>>>& runs) {
  std::vector<std::pair<double, double>> cur;
  int last_px = -1000000;
  double mn = 0, mx = 0, tmn = 0, tmx = 0;
  bool have = false;
  auto flush = [&] {
    if (!have) return;
    if (tmn <= tmx) {
      cur.push_back({x(tmn), y(mn)});
      if (mx != mn) cur.push_back({x(tmx), y(mx)});
    } else {
      cur.push_back({x(tmx), y(mx)});
      if (mx != mn) cur.push_back({x(tmn), y(mn)});
    }
    have = false;
  };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!keep.empty() && !keep[i]) {
      flush();
      if (!cur.empty()) runs.push_back(cur);
      cur.clear();
      continue;
    }
    const int px = int(std::floor(x(t[i])));
    if (px != last_px) {
      flush();
      last_px = px;
    }
    if (!have) {
      mn = mx = v[i];
      tmn = tmx = t[i];
      have = true;
    } else {
      if (v[i] < mn) { mn = v[i]; tmn = t[i]; }
      if (v[i] > mx) { mx = v[i]; tmx = t[i]; }
    }
  }
  flush();
  if (!cur.empty()) runs.push_back(cur);
}

}  // namespace

std::string plot_svg(const Table& table, const Envelope& env, const std::vector<double>& onsets,
                     const PlotOptions& o) {
  const double left = 130, right = 24, top = o.title.empty() ? 16 : 44, gap = 14, bottom = 46;
  const bool wave = !env.lo.empty();
  const double wave_h = wave ? 110 : 0;
  const std::size_t panels = table.columns();
  const double height = top + (wave ? wave_h + gap : 0) + double(panels) * (o.panel_height + gap) + bottom;
  const double width = o.width;
  svg::Document doc(width, height);
  doc.rect(0, 0, width, height, "#ffffff");
  if (!o.title.empty()) doc.text(left, 28, o.title, 16, "start", "font-weight=\"bold\" fill=\"#222222\"");

  double t_end = wave ? env.duration : 0;
  if (!table.times.empty()) t_end = std::max(t_end, table.times.back());
  if (t_end <= 0) t_end = 1;
  const svg::Scale x{0, t_end, left, width - right};
  const std::vector<double> ticks = svg::nice_ticks(0, t_end, 10);

  auto frame_panel = [&](double y0, double h, const std::string& label, const std::string& unit,
                         const svg::Scale& y, const std::vector<double>& yticks) {
    doc.rect(left, y0, width - right - left, h, "#fafafa", kGrid);
    for (double tk : ticks)
      if (tk >= 0 && tk <= t_end) doc.line(x(tk), y0, x(tk), y0 + h, kGrid, 1);
    for (double v : yticks) {
      const double py = y(v);
      if (py < y0 - 0.5 || py > y0 + h + 0.5) continue;
      doc.line(left, py, width - right, py, kGrid, 1);
      doc.line(left - 4, py, left, py, kInk, 1);
      doc.text(left - 7, py + 3.5, svg::tick_label(v), 10, "end", "fill=\"#555555\"");
    }
    doc.text(12, y0 + h / 2 - 2, label, 13, "start", "font-weight=\"bold\" fill=\"#222222\"");
    if (!unit.empty()) doc.text(12, y0 + h / 2 + 13, unit, 11, "start", "fill=\"#666666\"");
  };

  double y0 = top;
  if (wave) {
    const svg::Scale y{-1, 1, y0 + wave_h - 2, y0 + 2};
    frame_panel(y0, wave_h, "waveform", "amplitude", y, {-1, 0, 1});
    doc.line(left, y(0), width - right, y(0), kGrid, 1);
    const std::size_t cols = env.lo.size();
    std::string d;
    for (std::size_t c = 0; c < cols; ++c) {
      const double xa = x(env.duration * double(c) / double(cols));
      doc.line(xa, y(env.hi[c]), xa, y(std::min(env.lo[c], env.hi[c] - 0.004f)), "#5b7fa6", 1.2);
    }
    for (double t : onsets) doc.line(x(t), y0, x(t), y0 + wave_h, "#d62728", 1, "stroke-opacity=\"0.8\"");
    if (!onsets.empty())
      doc.text(width - right - 4, y0 + 12, std::to_string(onsets.size()) + " onsets (red)", 10, "end",
               "fill=\"#d62728\"");
    y0 += wave_h + gap;
  }

  const int conf_col = table.column("confidence");
  for (std::size_t c = 0; c < panels; ++c) {
    const std::string& name = table.names[c];
    const bool contextual = name == "ambitus" || name == "density";
    const bool is_pitch = name == "pitch";
    std::vector<double> v(table.frames());
    std::vector<bool> keep(table.frames(), true);
    double lo = 1e300, hi = -1e300;
    for (std::size_t i = 0; i < table.frames(); ++i) {
      v[i] = table.row(i)[c];
      if (!contextual && i < o.silent.size() && o.silent[i]) keep[i] = false;
      if (is_pitch) {
        const double conf = conf_col >= 0 ? table.row(i)[conf_col] : i < o.confidence.size() ? o.confidence[i] : 1.0;
        if (conf < o.min_confidence) keep[i] = false;
      }
      if (!keep[i]) continue;
      lo = std::min(lo, v[i]);
      hi = std::max(hi, v[i]);
    }
    if (lo > hi) lo = hi = 0;
    if (hi - lo < 1e-9) {
      lo -= 0.5;
      hi += 0.5;
    }
    const double pad = 0.08 * (hi - lo);
    const std::string unit = c < table.units.size() ? table.units[c] : "";
    const svg::Scale y{lo - pad, hi + pad, y0 + o.panel_height, y0};
    frame_panel(y0, o.panel_height, name, unit, y, svg::nice_ticks(lo, hi, 3));
    std::vector<std::vector<std::pair<double, double>>> runs;
    decimate(table.times, v, keep, x, y, runs);
    for (const auto& r : runs) {
      if (r.size() == 1) doc.circle(r[0].first, r[0].second, 1.2, kLine);
      else doc.polyline(r, kLine, 1.3, "stroke-linejoin=\"round\"");
    }
    y0 += o.panel_height + gap;
  }

  // time axis
  const double axis_y = y0 - gap + 4;
  for (double tk : ticks) {
    if (tk < 0 || tk > t_end) continue;
    doc.line(x(tk), axis_y, x(tk), axis_y + 5, kInk, 1);
    doc.text(x(tk), axis_y + 18, svg::tick_label(tk), 11, "middle", "fill=\"#222222\"");
  }
  doc.text((left + width - right) / 2, axis_y + 36, "time (s)", 12, "middle", "fill=\"#222222\"");
  return doc.str();
}

}  // namespace lw::features
