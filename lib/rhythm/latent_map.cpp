#include "rhythm/latent_map.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/svg.hpp"

namespace lw::rhythm {
namespace {

// Drawing order from the bottom row up: kick at the bottom, cymbals on top.
int row_of(int cls) { return kClasses - 1 - cls; }

std::array<int, kClasses> per_class(const Pattern& p, double threshold) {
  std::array<int, kClasses> n{};
  for (int s = 0; s < p.steps; ++s)
    for (int c = 0; c < kClasses; ++c) n[std::size_t(c)] += p.onset[Pattern::index(s, c)] > threshold;
  return n;
}

// Cell background: hue from kick-heavy (red) through balanced (violet) to
// hi-hat/cymbal-heavy (blue); strength from sparse (white) to busy.
std::string cell_colour(const Pattern& p, double threshold, int onsets, int max_onsets) {
  const auto n = per_class(p, threshold);
  const double total = std::max(1, onsets);
  const double kick = n[0] / total;
  const double hats = (n[2] + n[3] + n[7] + n[8]) / total;
  const double s = std::clamp(hats - kick, -1.0, 1.0) * 0.5 + 0.5;  // 0 kick .. 1 hats
  const double red[3] = {215, 48, 39}, mid[3] = {150, 110, 170}, blue[3] = {33, 102, 172};
  double rgb[3];
  for (int i = 0; i < 3; ++i)
    rgb[i] = s < 0.5 ? red[i] + (mid[i] - red[i]) * s * 2 : mid[i] + (blue[i] - mid[i]) * (s - 0.5) * 2;
  const double strength = 0.12 + 0.78 * double(onsets) / std::max(1, max_onsets);
  char out[8];
  std::snprintf(out, sizeof out, "#%02x%02x%02x", int(std::lround(255 + (rgb[0] - 255) * strength)),
                int(std::lround(255 + (rgb[1] - 255) * strength)), int(std::lround(255 + (rgb[2] - 255) * strength)));
  return out;
}

}  // namespace

bool map_point_drawn(const MapPoint& p, double range) {
  return std::fabs(p.x) <= range * 1.05 && std::fabs(p.y) <= range * 1.05;
}

std::string latent_map_svg(const MapGrid& g, const std::vector<MapPoint>& loops, const std::string& title) {
  const double cell = std::max(12.0, std::floor(840.0 / g.size));
  const double left = 60, top = 50, side = cell * g.size, legend = 170;
  svg::Document doc(left + side + legend, top + side + 50);
  doc.rect(0, 0, left + side + legend, top + side + 50, "#ffffff");
  doc.text(left, 24, title, 14);
  doc.text(left, 40, "each cell: the decoded loop as a piano roll (rows kick..ride bottom to top, time left to right); "
                     "colour: red = kick-heavy, blue = hi-hat/cymbal-heavy, stronger = busier",
           10, "start", "fill=\"#555\"");
  int max_onsets = 1;
  std::vector<int> counts(g.patterns.size());
  for (std::size_t k = 0; k < g.patterns.size(); ++k) {
    auto pc = per_class(g.patterns[k], g.threshold);
    for (int v : pc) counts[k] += v;
    max_onsets = std::max(max_onsets, counts[k]);
  }
  svg::Scale sx{-g.range - g.range / std::max(1, g.size - 1), g.range + g.range / std::max(1, g.size - 1), left,
                left + side};
  svg::Scale sy{-g.range - g.range / std::max(1, g.size - 1), g.range + g.range / std::max(1, g.size - 1),
                top + side, top};
  for (int j = 0; j < g.size; ++j)
    for (int i = 0; i < g.size; ++i) {
      const std::size_t k = std::size_t(j) * std::size_t(g.size) + std::size_t(i);
      const Pattern& p = g.patterns[k];
      const double x0 = left + i * cell, y0 = top + (g.size - 1 - j) * cell;
      doc.rect(x0, y0, cell, cell, cell_colour(g.patterns[k], g.threshold, counts[k], max_onsets), "#ffffff",
               "stroke-width=\"1.5\"");
      // A margin keeps each cell's piano roll apart from its neighbours'.
      const double pad = std::max(1.5, cell * 0.1), rw = (cell - 2 * pad) / p.steps, rh = (cell - 2 * pad) / kClasses;
      for (int c = 0; c < kClasses; ++c) {
        // Runs of consecutive hits in one rect keep the file small.
        for (int s = 0; s < p.steps; ++s) {
          const std::size_t idx = Pattern::index(s, c);
          if (!(p.onset[idx] > g.threshold)) continue;
          const double opacity = 0.35 + 0.65 * std::clamp(double(p.velocity[idx]), 0.0, 1.0);
          doc.rect(x0 + pad + s * rw, y0 + pad + row_of(c) * rh, std::max(rw, 0.6), rh, "#1a1a1a", "none",
                   "fill-opacity=\"" + svg::num(opacity) + "\"");
        }
      }
    }
  // Axes.
  for (double t : svg::nice_ticks(-g.range, g.range, 7)) {
    doc.line(sx(t), top + side, sx(t), top + side + 5, "#333");
    doc.text(sx(t), top + side + 18, svg::tick_label(t), 10, "middle");
    doc.line(left - 5, sy(t), left, sy(t), "#333");
    doc.text(left - 8, sy(t) + 3, svg::tick_label(t), 10, "end");
  }
  doc.text(left + side / 2, top + side + 36, "latent z1", 11, "middle");
  doc.text(18, top + side / 2, "latent z2", 11, "middle", "transform=\"rotate(-90 18 " + svg::num(top + side / 2) + ")\"");
  doc.rect(left, top, side, side, "none", "#333");
  // Training loops.
  for (const auto& pt : loops) {
    if (!map_point_drawn(pt, g.range)) continue;
    doc.circle(sx(pt.x), sy(pt.y), 4, "#000000", "#ffffff", "stroke-width=\"1.5\" fill-opacity=\"0.8\"");
    if (!pt.label.empty()) doc.raw("<title>" + svg::escape(pt.label) + "</title>");
  }
  // Legend.
  const double lx = left + side + 16;
  doc.text(lx, top + 10, "piano-roll rows", 11);
  for (int c = 0; c < kClasses; ++c) {
    const double y = top + 26 + row_of(c) * 14;
    doc.text(lx + 4, y, std::to_string(c + 1) + " " + class_names(g.map)[std::size_t(c)], 10);
  }
  double ly = top + 26 + kClasses * 14 + 16;
  doc.text(lx, ly, "cell colour", 11);
  const char* swatch[5][2] = {{"#f2d4d2", "sparse, kick-heavy"}, {"#d7301f", "busy, kick-heavy"},
                              {"#9a6eaa", "busy, balanced"}, {"#2166ac", "busy, hat-heavy"},
                              {"#d3deea", "sparse, hat-heavy"}};
  for (auto& sw : swatch) {
    ly += 16;
    doc.rect(lx, ly - 9, 14, 10, sw[0], "#999");
    doc.text(lx + 20, ly, sw[1], 10);
  }
  ly += 22;
  doc.circle(lx + 7, ly - 4, 4, "#000000", "#ffffff", "stroke-width=\"1.5\"");
  doc.text(lx + 20, ly, "training loop", 10);
  doc.text(lx, ly + 18, "busiest cell: " + std::to_string(max_onsets) + " onsets", 10);
  if (g.loops_outside > 0)
    doc.text(lx, ly + 34, std::to_string(g.loops_outside) + " loop(s) outside the range", 10, "start",
             "fill=\"#b00\"");
  return doc.str();
}

json latent_map_json(const MapGrid& g) {
  json cells = json::array();
  for (int j = 0; j < g.size; ++j)
    for (int i = 0; i < g.size; ++i) {
      const auto& p = g.patterns[std::size_t(j) * std::size_t(g.size) + std::size_t(i)];
      auto pc = per_class(p, g.threshold);
      int total = 0;
      for (int v : pc) total += v;
      cells.push_back({{"x", g.coordinate(i)}, {"y", g.coordinate(j)}, {"onsets", total}, {"per_class", pc}});
    }
  json names = json::array();
  for (auto n : class_names(g.map)) names.push_back(n);
  return {{"format", "latentwalk.rhythm-map"}, {"version", 1}, {"grid", g.size}, {"range", g.range},
          {"threshold", g.threshold}, {"classes", names}, {"cells", cells}};
}

}  // namespace lw::rhythm
