#include "rhythm/latent_map.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/svg.hpp"

namespace lw::rhythm {
namespace {

// Class colours: low drums warm, hi-hats blue, toms purple, cymbals green.
const std::array<const char*, kClasses> kColour = {"#c0392b", "#e67e22", "#2471a3", "#5dade2", "#6c3483",
                                                  "#8e44ad", "#bb8fce", "#1e8449", "#58d68d"};
// Drawing order from the bottom row up: kick at the bottom, cymbals on top.
int row_of(int cls) { return kClasses - 1 - cls; }

std::array<int, kClasses> per_class(const Pattern& p, double threshold) {
  std::array<int, kClasses> n{};
  for (int s = 0; s < p.steps; ++s)
    for (int c = 0; c < kClasses; ++c) n[std::size_t(c)] += p.onset[Pattern::index(s, c)] > threshold;
  return n;
}

}  // namespace

std::string latent_map_svg(const MapGrid& g, const std::vector<MapPoint>& loops, const std::string& title) {
  const double cell = std::max(12.0, std::floor(840.0 / g.size));
  const double left = 60, top = 50, side = cell * g.size, legend = 150;
  svg::Document doc(left + side + legend, top + side + 50);
  doc.rect(0, 0, left + side + legend, top + side + 50, "#ffffff");
  doc.text(left, 24, title, 14);
  doc.text(left, 40, "each cell: the decoded loop (rows kick..ride bottom to top, time left to right); "
                     "background: darker = more onsets",
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
      const int grey = int(std::lround(255 - 150.0 * counts[k] / max_onsets));
      char bg[8];
      std::snprintf(bg, sizeof bg, "#%02x%02x%02x", grey, grey, std::min(255, grey + 8));
      doc.rect(x0, y0, cell, cell, bg, "#ffffff", "stroke-width=\"0.5\"");
      const double pad = 1, rw = (cell - 2 * pad) / p.steps, rh = (cell - 2 * pad) / kClasses;
      for (int c = 0; c < kClasses; ++c) {
        // Runs of consecutive hits in one rect keep the file small.
        for (int s = 0; s < p.steps; ++s) {
          const std::size_t idx = Pattern::index(s, c);
          if (!(p.onset[idx] > g.threshold)) continue;
          const double opacity = 0.35 + 0.65 * std::clamp(double(p.velocity[idx]), 0.0, 1.0);
          doc.rect(x0 + pad + s * rw, y0 + pad + row_of(c) * rh, std::max(rw, 0.6), rh, kColour[std::size_t(c)],
                   "none", "fill-opacity=\"" + svg::num(opacity) + "\"");
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
    if (std::fabs(pt.x) > g.range * 1.05 || std::fabs(pt.y) > g.range * 1.05) continue;
    doc.circle(sx(pt.x), sy(pt.y), 4, "#000000", "#ffffff", "stroke-width=\"1.5\" fill-opacity=\"0.8\"");
    if (!pt.label.empty()) doc.raw("<title>" + svg::escape(pt.label) + "</title>");
  }
  // Legend.
  const double lx = left + side + 16;
  doc.text(lx, top + 10, "rows", 11);
  for (int c = 0; c < kClasses; ++c) {
    const double y = top + 24 + row_of(c) * 16;
    doc.rect(lx, y - 9, 14, 10, kColour[std::size_t(c)]);
    doc.text(lx + 20, y, class_names()[std::size_t(c)], 10);
  }
  const double ly = top + 24 + kClasses * 16 + 14;
  doc.circle(lx + 7, ly - 4, 4, "#000000", "#ffffff", "stroke-width=\"1.5\"");
  doc.text(lx + 20, ly, "training loop", 10);
  doc.rect(lx, ly + 12, 14, 10, "#ffffff", "#999");
  doc.text(lx + 20, ly + 21, "sparse", 10);
  doc.rect(lx, ly + 28, 14, 10, "#696971", "#999");
  doc.text(lx + 20, ly + 37, "busy (" + std::to_string(max_onsets) + " onsets)", 10);
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
  for (auto n : class_names()) names.push_back(n);
  return {{"format", "latentwalk.rhythm-map"}, {"version", 1}, {"grid", g.size}, {"range", g.range},
          {"threshold", g.threshold}, {"classes", names}, {"cells", cells}};
}

}  // namespace lw::rhythm
