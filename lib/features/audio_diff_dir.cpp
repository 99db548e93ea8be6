#include "features/audio_diff_dir.hpp"

#include <fnmatch.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "audio/audio_file.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "core/svg.hpp"
#include "features/plot.hpp"
#include "features/stft.hpp"

namespace fs = std::filesystem;

namespace lw::features {

const char* status_name(FileStatus s) {
  switch (s) {
    case FileStatus::Same: return "same";
    case FileStatus::Differ: return "differ";
    case FileStatus::Missing: return "missing";
    case FileStatus::Extra: return "extra";
    case FileStatus::Error: return "error";
  }
  return "?";
}

bool TreeDiff::ok() const { return failures() == 0; }
int TreeDiff::failures() const {
  return int(std::count_if(files.begin(), files.end(), [](const FileDiff& f) { return !f.ok(); }));
}

bool is_audio_path(const std::string& path) {
  const auto dot = path.find_last_of('.');
  if (dot == std::string::npos || path.find('/', dot) != std::string::npos) return false;
  std::string ext = path.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext == "wav" || ext == "flac" || ext == "aiff" || ext == "aif" || ext == "ogg" || ext == "caf";
}

namespace {

bool excluded(const std::string& rel, const TreeOptions& o) {
  const std::string base = rel.substr(rel.find_last_of('/') + 1);
  for (const auto& g : o.exclude)
    if (fnmatch(g.c_str(), rel.c_str(), 0) == 0 || fnmatch(g.c_str(), base.c_str(), 0) == 0) return true;
  return false;
}

// Byte comparison, streaming; on a difference `detail` says where (and the
// line, counted in the reference).
bool same_bytes(const std::string& a, const std::string& b, std::string& detail) {
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  if (!fa) fail_input(a, "cannot open");
  if (!fb) fail_input(b, "cannot open");
  const auto size_a = fs::file_size(a), size_b = fs::file_size(b);
  std::vector<char> ba(1 << 16), bb(1 << 16);
  std::uint64_t offset = 0, line = 1;
  for (;;) {
    fa.read(ba.data(), std::streamsize(ba.size()));
    fb.read(bb.data(), std::streamsize(bb.size()));
    const auto ga = std::size_t(fa.gcount()), gb = std::size_t(fb.gcount());
    const std::size_t n = std::min(ga, gb);
    for (std::size_t i = 0; i < n; ++i) {
      if (ba[i] != bb[i]) {
        detail = "bytes differ from offset " + std::to_string(offset + i) + " (line " + std::to_string(line) +
                 "); sizes " + std::to_string(size_a) + " and " + std::to_string(size_b) + " bytes";
        return false;
      }
      if (ba[i] == '\n') ++line;
    }
    offset += n;
    if (ga != gb) {
      detail = "one file ends at offset " + std::to_string(offset) + " (line " + std::to_string(line) + "); sizes " +
               std::to_string(size_a) + " and " + std::to_string(size_b) + " bytes";
      return false;
    }
    if (ga == 0) return true;
  }
}

std::string xml(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&apos;"; break;
      default:
        if (c < 0x20 && c != '\n' && c != '\t') o += '?';
        else o += char(c);
    }
  }
  return o;
}

std::string measure_line(const Measure& m) {
  if (!m.compared) return m.name + ": not compared (sample rate or channels differ)";
  return m.name + ": reference " + format_double(m.a) + ", output " + format_double(m.b) + ", difference " +
         format_double(m.diff) + (m.ok ? " <= " : " > ") + "tolerance " + format_double(m.tolerance) +
         (m.unit.empty() ? "" : " " + m.unit);
}

std::string failing_names(const DiffReport& r) {
  std::string which;
  for (const auto& m : r.measures)
    if (!m.ok) which += (which.empty() ? "" : ", ") + m.name;
  return which;
}

}  // namespace

std::vector<std::string> list_tree(const std::string& root, const TreeOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) fail_input(root, "is not a directory");
  std::vector<std::string> out;
  const fs::path base(root);
  for (auto it = fs::recursive_directory_iterator(base, fs::directory_options::follow_directory_symlink, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) fail_input(root, "cannot be read: " + ec.message());
    if (!it->is_regular_file(ec)) continue;
    const std::string rel = fs::relative(it->path(), base).generic_string();
    if (!excluded(rel, options)) out.push_back(rel);
  }
  if (ec) fail_input(root, "cannot be read: " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

TreeDiff diff_tree(const std::string& ref, const std::string& out, const Params& params, const Tolerances& tol,
                   const TreeOptions& options) {
  TreeDiff d;
  d.ref = ref;
  d.out = out;
  const auto a = list_tree(ref, options), b = list_tree(out, options);
  std::set<std::string> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  const std::set<std::string> in_a(a.begin(), a.end()), in_b(b.begin(), b.end());
  for (const auto& p : all) {
    FileDiff f;
    f.path = p;
    f.audio = is_audio_path(p);
    if (!in_b.count(p)) {
      f.status = FileStatus::Missing;
      f.detail = "missing from the output tree " + out;
    } else if (!in_a.count(p)) {
      f.status = FileStatus::Extra;
      f.detail = "not in the reference tree " + ref + " (an extra output)";
    } else {
      const std::string pa = (fs::path(ref) / p).string(), pb = (fs::path(out) / p).string();
      try {
        if (f.audio) {
          f.report = diff_audio(pa, pb, params, tol);
          if (!f.report.ok()) {
            f.status = FileStatus::Differ;
            f.detail = "outside tolerance: " + failing_names(f.report);
          }
        } else if (!same_bytes(pa, pb, f.detail)) {
          f.status = FileStatus::Differ;
        }
      } catch (const Error& e) {
        f.status = FileStatus::Error;
        f.detail = e.what();
      }
    }
    d.files.push_back(std::move(f));
  }
  return d;
}

std::string junit_xml(const TreeDiff& d) {
  int failures = 0, errors = 0;
  for (const auto& f : d.files) {
    if (f.status == FileStatus::Error) ++errors;
    else if (!f.ok()) ++failures;
  }
  std::ostringstream o;
  const std::string suite = "lw-features diff " + d.ref + " " + d.out;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o << "<testsuites name=\"lw-features diff\" tests=\"" << d.files.size() << "\" failures=\"" << failures
    << "\" errors=\"" << errors << "\">\n";
  o << " <testsuite name=\"" << xml(suite) << "\" tests=\"" << d.files.size() << "\" failures=\"" << failures
    << "\" errors=\"" << errors << "\" skipped=\"0\">\n";
  for (const auto& f : d.files) {
    o << "  <testcase classname=\"lw-features.diff\" name=\"" << xml(f.path) << "\"";
    if (f.ok()) {
      o << "/>\n";
      continue;
    }
    o << ">\n";
    std::string body;
    if (f.status == FileStatus::Differ && f.audio)
      for (const auto& m : f.report.measures)
        if (!m.ok) body += measure_line(m) + "\n";
    if (body.empty()) body = f.detail + "\n";
    const char* tag = f.status == FileStatus::Error ? "error" : "failure";
    o << "   <" << tag << " type=\"" << status_name(f.status) << "\" message=\"" << xml(f.detail) << "\">"
      << xml(body) << "</" << tag << ">\n";
    o << "  </testcase>\n";
  }
  o << " </testsuite>\n</testsuites>\n";
  return o.str();
}

namespace {

const char* kInk = "#222222";
const char* kRef = "#9a9a9a";
const char* kOut = "#1f5fa8";
const char* kBad = "#c0392b";

// Diverging colour for a dB difference: blue (output quieter) - white - red
// (output louder), saturated at +-range.
std::string diverging(double db, double range) {
  const double t = std::max(-1.0, std::min(1.0, db / range));
  auto hex = [](double v) {
    static const char* d = "0123456789abcdef";
    const int i = int(std::lround(std::max(0.0, std::min(255.0, v))));
    return std::string{d[i / 16], d[i % 16]};
  };
  double r = 255, g = 255, b = 255;
  if (t > 0) {
    g = 255 - t * (255 - 57);
    b = 255 - t * (255 - 43);
    r = 255 - t * (255 - 192);
  } else if (t < 0) {
    r = 255 + t * (255 - 31);
    g = 255 + t * (255 - 95);
    b = 255 + t * (255 - 168);
  }
  return "#" + hex(r) + hex(g) + hex(b);
}

// Per column: max |a - b| of the mono mixes, and the power spectra of both
// summed in (column, band) cells. Files of the same rate and channels.
struct DiffImage {
  std::vector<double> max_diff;     // columns
  std::vector<double> pa, pb;       // columns x bands
  int columns = 0, bands = 0, spec_columns = 0;
  double duration = 0;
};

DiffImage diff_image(const std::string& a, const std::string& b, const Params& params, int columns, int spec_columns,
                     int bands) {
  audio::Reader ra(a), rb(b);
  const std::int64_t n = std::max(ra.info().frames, rb.info().frames);
  DiffImage im;
  im.columns = columns;
  im.bands = bands;
  im.spec_columns = spec_columns;
  im.duration = ra.info().sample_rate > 0 ? double(n) / ra.info().sample_rate : 0;
  im.max_diff.assign(std::size_t(columns), 0.0);
  im.pa.assign(std::size_t(spec_columns * bands), 0.0);
  im.pb.assign(std::size_t(spec_columns * bands), 0.0);
  if (n <= 0) return im;
  const std::int64_t frames = frame_count(n, params.hop);
  Framer fa(params.window, params.hop), fb(params.window, params.hop);
  Spectrum sa(params.window, params.fft), sb(params.window, params.fft);
  std::int64_t frame = 0;
  auto drain = [&] {
    for (;;) {
      const double* x = fa.next();
      if (!x) break;
      const double* y = fb.next();
      sa.compute(x);
      sb.compute(y);
      const std::size_t col = std::size_t(std::min<std::int64_t>(spec_columns - 1, frame * spec_columns / frames));
      const auto& qa = sa.power();
      const auto& qb = sb.power();
      for (std::size_t k = 0; k < qa.size(); ++k) {
        const std::size_t band = std::min<std::size_t>(std::size_t(bands - 1), k * std::size_t(bands) / qa.size());
        im.pa[col * std::size_t(bands) + band] += qa[k];
        im.pb[col * std::size_t(bands) + band] += qb[k];
      }
      ++frame;
    }
  };
  const std::int64_t block = 1 << 15;
  std::vector<float> ma(block), mb(block);
  std::int64_t pos = 0;
  for (;;) {
    std::int64_t ga = ra.read_mono(ma.data(), block), gb = rb.read_mono(mb.data(), block);
    if (ga == 0 && gb == 0) break;
    const std::int64_t g = std::max(ga, gb);
    for (std::int64_t i = ga; i < g; ++i) ma[std::size_t(i)] = 0;
    for (std::int64_t i = gb; i < g; ++i) mb[std::size_t(i)] = 0;
    for (std::int64_t i = 0; i < g; ++i) {
      const std::size_t c = std::size_t(std::min<std::int64_t>(columns - 1, (pos + i) * columns / n));
      im.max_diff[c] = std::max(im.max_diff[c], std::fabs(double(ma[std::size_t(i)]) - mb[std::size_t(i)]));
    }
    pos += g;
    fa.push(ma.data(), std::size_t(g));
    fb.push(mb.data(), std::size_t(g));
    drain();
  }
  fa.finish();
  fb.finish();
  drain();
  return im;
}

// Six significant digits: enough to read a difference against its tolerance.
std::string short_num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// Text lines of a plot without curves (missing/extra/bytes/error).
std::string text_plot(const std::string& title, const std::vector<std::string>& lines, int width) {
  const double h = 60 + 18.0 * double(lines.size());
  svg::Document doc(width, h);
  doc.rect(0, 0, width, h, "#ffffff");
  doc.text(16, 26, title, 15, "start", "font-weight=\"bold\"");
  double y = 52;
  for (const auto& l : lines) {
    doc.text(16, y, l.size() > 170 ? l.substr(0, 167) + "..." : l, 12, "start", "font-family=\"monospace\"");
    y += 18;
  }
  return doc.str();
}

// The first differing line of two (text) files, or empty when binary or big.
std::vector<std::string> first_lines(const std::string& a, const std::string& b) {
  const std::uintmax_t cap = 16u << 20;
  if (fs::file_size(a) > cap || fs::file_size(b) > cap) return {};
  const std::string ta = read_file(a), tb = read_file(b);
  if (ta.find('\0') != std::string::npos || tb.find('\0') != std::string::npos) return {};
  std::istringstream sa(ta), sb(tb);
  std::string la, lb;
  std::size_t line = 0;
  for (;;) {
    const bool ha = bool(std::getline(sa, la)), hb = bool(std::getline(sb, lb));
    ++line;
    if (!ha && !hb) return {};
    if (ha != hb || la != lb) {
      return {"line " + std::to_string(line) + ":", "  reference: " + (ha ? la : std::string("(end of file)")),
              "  output:    " + (hb ? lb : std::string("(end of file)"))};
    }
  }
}

}  // namespace

std::string diff_plot_svg(const std::string& ref_root, const std::string& out_root, const FileDiff& f,
                          const Params& params, int width) {
  const std::string pa = (fs::path(ref_root) / f.path).string(), pb = (fs::path(out_root) / f.path).string();
  const std::string title = f.path + " — " + status_name(f.status);
  if (!f.audio || f.status != FileStatus::Differ) {
    std::vector<std::string> lines = {f.detail};
    if (f.status == FileStatus::Differ) {
      const auto more = first_lines(pa, pb);
      lines.insert(lines.end(), more.begin(), more.end());
    }
    return text_plot(title, lines, width);
  }

  const audio::Info ia = audio::Reader(pa).info(), ib = audio::Reader(pb).info();
  const bool comparable = ia.sample_rate == ib.sample_rate && ia.channels == ib.channels;
  const double left = 150, right = 20, pw = width - left - right;
  const int columns = std::max(50, int(pw));
  const int spec_cols = std::max(20, int(pw / 5)), bands = 48;
  const double wave_h = 110, diff_h = 70, spec_h = 150, bar_h = 17, gap = 34;
  std::vector<const Measure*> ms;
  for (const auto& m : f.report.measures) ms.push_back(&m);
  const double height = 50 + wave_h + gap + (comparable ? diff_h + gap + spec_h + gap : 0) + bar_h * double(ms.size()) + 30;
  svg::Document doc(width, height);
  doc.rect(0, 0, width, height, "#ffffff");
  doc.text(16, 26, title + ": " + f.detail, 14, "start", "font-weight=\"bold\"");
  const double dur = std::max({ia.duration(), ib.duration(), 1e-9});
  const svg::Scale xs{0, dur, left, left + pw};
  double y0 = 50;

  // 1. waveforms, reference grey under the output
  {
    const svg::Scale ys{-1, 1, y0 + wave_h, y0};
    doc.rect(left, y0, pw, wave_h, "none", "#cccccc");
    doc.line(left, ys(0), left + pw, ys(0), "#e4e4e4");
    doc.text(left - 8, y0 + 14, "waveforms", 12, "end");
    doc.text(left - 8, y0 + 30, "reference", 11, "end", std::string("fill=\"") + kRef + "\"");
    doc.text(left - 8, y0 + 44, "output", 11, "end", std::string("fill=\"") + kOut + "\"");
    auto draw = [&](const std::string& p, double d, const char* colour) {
      const auto e = waveform_envelope(p, columns);
      for (int c = 0; c < columns; ++c) {
        const double x = xs(d * (c + 0.5) / columns);
        doc.line(x, ys(e.hi[std::size_t(c)]), x, ys(e.lo[std::size_t(c)]) + 0.01, colour, 1,
                 "stroke-opacity=\"0.6\"");
      }
    };
    draw(pa, ia.duration(), kRef);
    draw(pb, ib.duration(), kOut);
    for (double t : svg::nice_ticks(0, dur, 8))
      doc.text(xs(t), y0 + wave_h + 14, svg::tick_label(t) + " s", 10, "middle");
    y0 += wave_h + gap;
  }
  if (comparable) {
    const DiffImage im = diff_image(pa, pb, params, columns, spec_cols, bands);
    // 2. |output - reference| per column
    const double peak = *std::max_element(im.max_diff.begin(), im.max_diff.end());
    const svg::Scale ys{0, peak > 0 ? peak : 1, y0 + diff_h, y0};
    doc.rect(left, y0, pw, diff_h, "none", "#cccccc");
    doc.text(left - 8, y0 + 14, "|output - ref|", 12, "end");
    doc.text(left - 8, y0 + 30, "(mono mixes)", 11, "end");
    doc.text(left - 8, y0 + 44, "max " + short_num(peak), 11, "end");
    for (int c = 0; c < columns; ++c) {
      const double v = im.max_diff[std::size_t(c)];
      if (v <= 0) continue;
      const double x = xs(dur * (c + 0.5) / columns);
      doc.line(x, ys(0), x, ys(v), kBad, 1);
    }
    y0 += diff_h + gap;
    // 3. spectrogram difference, output - reference in dB
    const double range = 12;
    const double eps = 1e-12 * double(params.window) * params.window;
    doc.text(left - 8, y0 + 14, "spectrum", 12, "end");
    doc.text(left - 8, y0 + 30, "output - ref", 11, "end");
    doc.text(left - 8, y0 + 46, "red +" + format_double(range) + " dB", 11, "end", std::string("fill=\"") + kBad + "\"");
    doc.text(left - 8, y0 + 60, "blue -" + format_double(range) + " dB", 11, "end", "fill=\"#1f5fa8\"");
    const double cw = pw / spec_cols, bh = spec_h / bands;
    for (int c = 0; c < spec_cols; ++c)
      for (int k = 0; k < bands; ++k) {
        const std::size_t i = std::size_t(c) * std::size_t(bands) + std::size_t(k);
        const double db = 10.0 * std::log10((im.pb[i] + eps) / (im.pa[i] + eps));
        if (std::fabs(db) < 0.05) continue;  // white background
        doc.rect(left + c * cw, y0 + spec_h - (k + 1) * bh, cw + 0.02, bh + 0.02, diverging(db, range));
      }
    doc.rect(left, y0, pw, spec_h, "none", "#cccccc");
    const double nyq = ia.sample_rate / 2.0;
    const svg::Scale fy{0, nyq, y0 + spec_h, y0};
    for (double hz : svg::nice_ticks(0, nyq, 4)) doc.text(left + 4, fy(hz) - 2, svg::tick_label(hz) + " Hz", 9);
    y0 += spec_h + gap;
  }
  // 4. every measure's difference as a fraction of its tolerance (capped at 3)
  doc.text(16, y0 - 10, "difference / tolerance (line: the tolerance)", 12, "start", "font-weight=\"bold\"");
  const double bw = pw * 0.45;
  const svg::Scale bx{0, 3, left, left + bw};
  for (const Measure* m : ms) {
    doc.text(left - 8, y0 + 12, m->name, 11, "end");
    if (m->compared) {
      const double r = m->tolerance > 0 ? m->diff / m->tolerance : (m->diff > 0 ? 3.0 : 0.0);
      doc.rect(left, y0 + 3, std::max(0.5, bx(std::min(r, 3.0)) - left), bar_h - 6, m->ok ? "#7fa7d6" : kBad);
      // max_abs_diff and lsd_db are differences already (no per-file value)
      const bool pair = m->name != "max_abs_diff" && m->name != "lsd_db";
      doc.text(left + bw + 10, y0 + 12,
               (pair ? "ref " + short_num(m->a) + "  out " + short_num(m->b) + "  " : std::string()) + "diff " +
                   short_num(m->diff) + "  tol " + short_num(m->tolerance) + (m->unit.empty() ? "" : " " + m->unit),
               10, "start", m->ok ? "" : std::string("fill=\"") + kBad + "\"");
    } else {
      doc.text(left + 4, y0 + 12, "not compared (sample rate or channels differ)", 10, "start",
               std::string("fill=\"") + kBad + "\"");
    }
    y0 += bar_h;
  }
  const double y_top = y0 - bar_h * double(ms.size());
  doc.line(bx(1), y_top, bx(1), y0, kInk, 1, "stroke-dasharray=\"3,2\"");
  return doc.str();
}

std::vector<std::string> write_report(const std::string& dir, const TreeDiff& d, const Params& params) {
  std::vector<std::string> written;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) fail_input(dir, "cannot create the report folder: " + ec.message());
  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>lw-features diff</title></head><body>\n"
       << "<h1>lw-features diff: " << xml(d.ref) << " vs " << xml(d.out) << "</h1>\n<p>" << d.failures() << " of "
       << d.files.size() << " files fail.</p>\n";
  for (const auto& f : d.files) {
    if (f.ok()) continue;
    const fs::path svg_path = fs::path(dir) / (f.path + ".svg");
    fs::create_directories(svg_path.parent_path(), ec);
    if (ec) fail_input(svg_path.parent_path().string(), "cannot create: " + ec.message());
    std::string doc;
    try {
      doc = diff_plot_svg(d.ref, d.out, f, params);
    } catch (const Error& e) {  // an unreadable file: the plot says so
      FileDiff g = f;
      g.detail += std::string("; no plot: ") + e.what();
      g.audio = false;
      doc = diff_plot_svg(d.ref, d.out, g, params);
    }
    write_file_atomically(svg_path.string(), doc);
    written.push_back(svg_path.string());
    html << "<h2>" << xml(f.path) << " (" << status_name(f.status) << ")</h2>\n<p>" << xml(f.detail)
         << "</p>\n<img src=\"" << xml(f.path + ".svg") << "\" alt=\"" << xml(f.path) << "\">\n";
  }
  html << "</body></html>\n";
  write_file_atomically((fs::path(dir) / "index.html").string(), html.str());
  return written;
}

std::vector<std::string> update_tree(const std::string& ref, const std::string& out) {
  std::error_code ec;
  const TreeOptions none;
  const auto b = list_tree(out, none);
  const bool ref_exists = fs::exists(ref, ec);
  if (ref_exists) {
    if (!fs::is_directory(ref, ec)) fail_input(ref, "is not a directory");
    const auto ca = fs::weakly_canonical(ref), cb = fs::weakly_canonical(out);
    auto inside = [](const fs::path& p, const fs::path& root) {
      auto r = root.begin(), q = p.begin();
      for (; r != root.end(); ++r, ++q)
        if (q == p.end() || *q != *r) return false;
      return true;
    };
    if (inside(ca, cb) || inside(cb, ca))
      fail_usage("--update: the reference tree " + ref + " and the output tree " + out + " overlap");
  }
  const auto a = ref_exists ? list_tree(ref, none) : std::vector<std::string>{};
  const std::set<std::string> in_a(a.begin(), a.end()), in_b(b.begin(), b.end());
  std::vector<std::string> changes;
  std::set<std::string> all(in_a);
  all.insert(b.begin(), b.end());
  for (const auto& p : all) {
    std::string detail;
    if (!in_b.count(p)) changes.push_back("removed " + p);
    else if (!in_a.count(p)) changes.push_back("added " + p);
    else if (!same_bytes((fs::path(ref) / p).string(), (fs::path(out) / p).string(), detail))
      changes.push_back("updated " + p);
  }
  if (changes.empty()) return changes;

  // The new tree beside the old one (same file system), then two renames.
  const fs::path target = fs::absolute(ref).lexically_normal();
  const fs::path parent = target.has_filename() ? target.parent_path() : target.parent_path().parent_path();
  const std::string name = (target.has_filename() ? target.filename() : target.parent_path().filename()).string();
  const fs::path dest = parent / name;
  fs::create_directories(parent, ec);
  std::string tmpl = (parent / ("." + name + ".update-XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) fail_input(parent.string(), "cannot create a folder for the new references");
  const fs::path stage(tmpl);
  try {
    for (const auto& p : b) {
      const fs::path to = stage / p;
      fs::create_directories(to.parent_path());
      fs::copy_file(fs::path(out) / p, to, fs::copy_options::overwrite_existing);
    }
    if (ref_exists) {
      std::string old_t = (parent / ("." + name + ".old-XXXXXX")).string();
      if (!mkdtemp(old_t.data())) fail_input(parent.string(), "cannot create a folder for the old references");
      const fs::path old = fs::path(old_t) / "tree";
      fs::rename(dest, old);
      std::error_code rc;
      fs::rename(stage, dest, rc);
      if (rc) {  // put the old references back
        fs::rename(old, dest, ec);
        throw fs::filesystem_error("rename", stage, dest, rc);
      }
      fs::remove_all(old_t, ec);
    } else {
      fs::rename(stage, dest);
    }
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(stage, ec);
    fail_input(ref, std::string("cannot update the references: ") + e.what());
  }
  return changes;
}

}  // namespace lw::features
