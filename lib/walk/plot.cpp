#include "walk/plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/numfmt.hpp"
#include "core/svg.hpp"
#include "walk/geometry.hpp"

namespace lw::walk {

namespace {

using svg::Scale;

const char* kLandmarkColours[] = {"#e4572e", "#17bebb", "#ffc914", "#76b041", "#8e6c8a", "#2e86ab"};
const char* kAxis = "#444";
const char* kGrid = "#e6e6e6";

std::string landmark_colour(const Landmark& l, std::size_t i) {
  return l.colour.empty() ? kLandmarkColours[i % 6] : l.colour;
}

struct Panel {
  double x0, y0, x1, y1;  // pixel box
};

// Frame, grid and tick labels for a panel; returns nothing, draws axes titles.
void axes(svg::Document& d, const Panel& p, const Scale& sx, const Scale& sy, double dx0, double dx1, double dy0,
          double dy1, const std::string& xlabel, const std::string& ylabel, int nx = 6, int ny = 5) {
  d.rect(p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0, "#fcfcfc", "none");
  for (double v : svg::nice_ticks(dx0, dx1, nx)) {
    double px = sx(v);
    if (px < p.x0 - 0.5 || px > p.x1 + 0.5) continue;
    d.line(px, p.y0, px, p.y1, kGrid, 1);
    d.line(px, p.y1, px, p.y1 + 4, kAxis, 1);
    d.text(px, p.y1 + 17, svg::tick_label(v), 11, "middle", "fill=\"#555\"");
  }
  for (double v : svg::nice_ticks(dy0, dy1, ny)) {
    double py = sy(v);
    if (py < p.y0 - 0.5 || py > p.y1 + 0.5) continue;
    d.line(p.x0, py, p.x1, py, kGrid, 1);
    d.line(p.x0 - 4, py, p.x0, py, kAxis, 1);
    d.text(p.x0 - 7, py + 4, svg::tick_label(v), 11, "end", "fill=\"#555\"");
  }
  d.rect(p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0, "none", "#999");
  d.text((p.x0 + p.x1) / 2, p.y1 + 36, xlabel, 12, "middle", "fill=\"#333\"");
  double cy = (p.y0 + p.y1) / 2;
  d.text(p.x0 - 42, cy, ylabel, 12, "middle",
         "fill=\"#333\" transform=\"rotate(-90 " + svg::num(p.x0 - 42) + " " + svg::num(cy) + ")\"");
}

// The path as chunks of polyline, each coloured by its time.
template <class X, class Y>
void coloured_path(svg::Document& d, const Trajectory& tr, X px, Y py, double width, const std::string& clip,
                   const std::string& fixed_colour = "") {
  const auto& f = tr.frames;
  if (f.size() < 2) return;
  if (!fixed_colour.empty()) {
    // One walker among several: one colour for its whole path.
    std::vector<std::pair<double, double>> all;
    const std::size_t step = std::max<std::size_t>(1, f.size() / 4000);
    for (std::size_t i = 0; i < f.size(); i += step) all.emplace_back(px(f[i]), py(f[i]));
    all.emplace_back(px(f.back()), py(f.back()));
    d.polyline(all, fixed_colour, width, "stroke-linecap=\"round\" stroke-linejoin=\"round\" opacity=\"0.9\"" + clip);
    return;
  }
  double t0 = f.front().t, span = std::max(1e-12, f.back().t - t0);
  // A thin dark casing under the coloured path keeps the light (yellow) end
  // of the colour map visible on white.
  {
    std::vector<std::pair<double, double>> all;
    const std::size_t step = std::max<std::size_t>(1, f.size() / 4000);
    for (std::size_t i = 0; i < f.size(); i += step) all.emplace_back(px(f[i]), py(f[i]));
    all.emplace_back(px(f.back()), py(f.back()));
    d.polyline(all, "#555", width + 1.6, "stroke-linecap=\"round\" stroke-linejoin=\"round\" opacity=\"0.55\"" + clip);
  }
  const std::size_t chunks = std::min<std::size_t>(300, f.size() - 1);
  const std::size_t per = (f.size() - 1 + chunks - 1) / chunks;
  // Long walks: at most ~20 points per chunk (keeps the SVG small).
  const std::size_t stride = std::max<std::size_t>(1, per / 20);
  for (std::size_t a = 0; a + 1 < f.size(); a += per) {
    std::size_t b = std::min(f.size() - 1, a + per);
    std::vector<std::pair<double, double>> pts;
    for (std::size_t i = a; i < b; i += stride) pts.emplace_back(px(f[i]), py(f[i]));
    pts.emplace_back(px(f[b]), py(f[b]));
    double mid = (f[a].t + f[b].t) / 2;
    d.polyline(pts, svg::colormap((mid - t0) / span), width,
               "stroke-linecap=\"round\" stroke-linejoin=\"round\"" + clip);
  }
}

}  // namespace

std::string plot_svg(const Trajectory& tr, const Scene* scene, const PlotOptions& o) {
  return plot_svg(std::vector<NamedWalk>{{"", &tr}}, scene, o);
}

namespace {
// Walker colours: distinct, dark enough on white, unlike the landmark fills.
const char* kWalkerColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#393b79", "#637939"};
}  // namespace

std::string plot_svg(const std::vector<NamedWalk>& walks, const Scene* scene, const PlotOptions& o) {
  svg::Document d(o.width, o.height);
  const bool multi = walks.size() > 1;
  auto colour_of = [&](std::size_t w) { return multi ? std::string(kWalkerColours[w % 12]) : std::string(); };
  double t0 = std::numeric_limits<double>::infinity(), t1 = -t0;
  std::size_t total_frames = 0;
  double total_length = 0;
  for (const auto& w : walks) {
    if (!w.traj->frames.empty()) {
      t0 = std::min(t0, w.traj->frames.front().t);
      t1 = std::max(t1, w.traj->frames.back().t);
    }
    total_frames += w.traj->frames.size();
    total_length += path_length(*w.traj);
  }
  if (!std::isfinite(t0)) { t0 = 0; t1 = 1; }
  t1 = std::max(t1, t0 + 1e-9);

  // ---- title
  std::string title = o.title.empty() ? "walk" : o.title;
  d.text(24, 30, title, 17, "start", "font-weight=\"bold\" fill=\"#222\"");
  std::string sub = (multi ? std::to_string(walks.size()) + " walkers, " : std::string()) +
                    std::to_string(total_frames) + " frames, " + format_fixed(t1 - t0, 1) + " s, path " +
                    format_fixed(total_length, 1) + " units" + (multi ? " in all" : "");
  if (scene && !scene->name.empty()) sub += ", scene " + scene->name;
  d.text(24, 50, sub, 12, "start", "fill=\"#666\"");

  // ---- top view extent: path, landmarks and bounds, equal aspect
  double xmin = std::numeric_limits<double>::infinity(), xmax = -xmin, zmin = xmin, zmax = -xmin;
  double ymin = xmin, ymax = -xmin;
  for (const auto& w : walks)
    for (const auto& fr : w.traj->frames) {
      xmin = std::min(xmin, fr.x); xmax = std::max(xmax, fr.x);
      zmin = std::min(zmin, fr.z); zmax = std::max(zmax, fr.z);
      ymin = std::min(ymin, fr.y); ymax = std::max(ymax, fr.y);
    }
  if (scene) {
    for (const auto& l : scene->landmarks) {
      xmin = std::min(xmin, l.centre[0] - l.radii[0]); xmax = std::max(xmax, l.centre[0] + l.radii[0]);
      zmin = std::min(zmin, l.centre[2] - l.radii[2]); zmax = std::max(zmax, l.centre[2] + l.radii[2]);
    }
    // Bounds are drawn (clipped) but do not widen the view: the walk and its
    // landmarks fill the picture.
  }
  if (!std::isfinite(xmin)) { xmin = zmin = -1; xmax = zmax = 1; ymin = 0; ymax = 1; }
  double span = std::max({xmax - xmin, zmax - zmin, 1e-6}) * 1.08;
  double xc = (xmin + xmax) / 2, zc = (zmin + zmax) / 2;
  const Panel top{80, 80, 620, 620};
  Scale sx{xc - span / 2, xc + span / 2, top.x0, top.x1};
  Scale sz{zc - span / 2, zc + span / 2, top.y1, top.y0};  // +z up
  axes(d, top, sx, sz, xc - span / 2, xc + span / 2, zc - span / 2, zc + span / 2, "x", "z", 7, 7);
  d.text(top.x0, top.y0 - 10, "top view (seen from above, to scale)", 13, "start", "fill=\"#222\"");
  d.raw("<clipPath id=\"top\"><rect x=\"" + svg::num(top.x0) + "\" y=\"" + svg::num(top.y0) + "\" width=\"" +
        svg::num(top.x1 - top.x0) + "\" height=\"" + svg::num(top.y1 - top.y0) + "\"/></clipPath>");
  const std::string clip = " clip-path=\"url(#top)\"";
  const double px_per_unit = (top.x1 - top.x0) / span;
  if (scene && scene->bounds) {
    const auto& b = *scene->bounds;
    d.rect(sx(b.min[0]), sz(b.max[2]), (b.max[0] - b.min[0]) * px_per_unit, (b.max[2] - b.min[2]) * px_per_unit,
           "none", "#888", "stroke-dasharray=\"6 4\"" + clip);
  }
  if (scene) {
    for (std::size_t i = 0; i < scene->landmarks.size(); ++i) {
      const auto& l = scene->landmarks[i];
      std::string c = landmark_colour(l, i);
      d.ellipse(sx(l.centre[0]), sz(l.centre[2]), l.radii[0] * px_per_unit, l.radii[2] * px_per_unit, c, c,
                "fill-opacity=\"0.22\" stroke-width=\"1.5\"" + clip);
      d.circle(sx(l.centre[0]), sz(l.centre[2]), 2.5, c, "none", clip);
      d.text(sx(l.centre[0]), sz(l.centre[2]) - 6, l.name, 12, "middle",
             "fill=\"#222\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"" + clip);
    }
  }
  for (std::size_t wi = 0; wi < walks.size(); ++wi) {
  const NamedWalk& walk = walks[wi];
  const auto& f = walk.traj->frames;
  coloured_path(d, *walk.traj, [&](const Frame& fr) { return sx(fr.x); }, [&](const Frame& fr) { return sz(fr.z); }, 2.5,
                clip, colour_of(wi));
  // Facing ticks: short strokes from the path in the facing direction, at even times.
  if (f.size() >= 2 && o.facing_ticks > 0) {
    double len = 14;
    std::size_t step = std::max<std::size_t>(1, f.size() * walks.size() / static_cast<std::size_t>(o.facing_ticks));
    for (std::size_t i = 0; i < f.size(); i += step) {
      double a = f[i].azimuth * M_PI / 180;
      double x0 = sx(f[i].x), y0 = sz(f[i].z);
      // azimuth 0 = +z (up on screen), 90 = +x (right)
      double x1 = x0 + len * std::sin(a), y1 = y0 - len * std::cos(a);
      d.line(x0, y0, x1, y1, "#333", 1.2, "stroke-linecap=\"round\" opacity=\"0.75\"" + clip);
      d.circle(x1, y1, 1.6, "#333", "none", "opacity=\"0.75\"" + clip);
    }
  }
  if (!f.empty()) {
    // Labels go on the side away from the path next to the marker.
    auto side_of = [&](std::size_t i, int dir) {
      // screen x offset of the path a little way from frame i (dir +1 forward, -1 back)
      double x0 = sx(f[i].x), y0 = sz(f[i].z);
      for (std::size_t k = 1; k < f.size(); ++k) {
        std::size_t j = dir > 0 ? std::min(f.size() - 1, i + k) : (i >= k ? i - k : 0);
        double dx = sx(f[j].x) - x0, dy = sz(f[j].z) - y0;
        if (dx * dx + dy * dy > 400 || j == 0 || j == f.size() - 1) return dx;
      }
      return 0.0;
    };
    const std::string halo = " stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"";
    double ds = side_of(0, +1), de = side_of(f.size() - 1, -1);
    if (multi) {
      // Several walkers: the start and end in the walker's colour, its name at the start.
      std::string c = colour_of(wi);
      d.circle(sx(f.front().x), sz(f.front().z), 5.5, c, "white", "stroke-width=\"2\"");
      d.rect(sx(f.back().x) - 5, sz(f.back().z) - 5, 10, 10, c, "white", "stroke-width=\"2\"");
      d.text(sx(f.front().x) + (ds > 0 ? -9 : 9), sz(f.front().z) + 4, walk.name, 12, ds > 0 ? "end" : "start",
             "fill=\"" + c + "\" font-weight=\"bold\"" + halo);
    } else {
    d.circle(sx(f.front().x), sz(f.front().z), 7, "#2a9d3f", "white", "stroke-width=\"2\"");
    d.text(sx(f.front().x) + (ds > 0 ? -11 : 11), sz(f.front().z) + 4, "start", 12, ds > 0 ? "end" : "start",
           "fill=\"#2a9d3f\" font-weight=\"bold\"" + halo);
    d.rect(sx(f.back().x) - 6, sz(f.back().z) - 6, 12, 12, "#c0392b", "white", "stroke-width=\"2\"");
    d.text(sx(f.back().x) + (de > 0 ? -11 : 11), sz(f.back().z) + 4, "end", 12, de > 0 ? "end" : "start",
           "fill=\"#c0392b\" font-weight=\"bold\"" + halo);
    }
  }
  }
  // A north-like compass: which way azimuth 0 and 90 point.
  {
    double cx = top.x1 - 34, cy = top.y0 + 34;
    d.circle(cx, cy, 22, "white", "#bbb", "opacity=\"0.9\"");
    d.line(cx, cy, cx, cy - 18, "#333", 1.5);
    d.line(cx, cy, cx + 18, cy, "#333", 1.5);
    d.text(cx, cy - 24, "0° +z", 10, "middle", "fill=\"#333\"");
    d.text(cx + 24, cy + 4, "90° +x", 10, "start", "fill=\"#333\"");
  }

  // ---- side view: height against time
  const Panel side{720, 80, 1045, 300};
  if (scene) {
    for (const auto& l : scene->landmarks) {
      ymin = std::min(ymin, l.centre[1] - l.radii[1]);
      ymax = std::max(ymax, l.centre[1] + l.radii[1]);
    }
  }
  double ypad = std::max(0.5, (ymax - ymin) * 0.08);
  double ylo = ymin - ypad, yhi = ymax + ypad;
  Scale st{t0, t1, side.x0, side.x1};
  Scale sy{ylo, yhi, side.y1, side.y0};
  axes(d, side, st, sy, t0, t1, ylo, yhi, "time (s)", "height y");
  d.text(side.x0, side.y0 - 10, "side view: height against time", 13, "start", "fill=\"#222\"");
  if (scene) {
    for (std::size_t i = 0; i < scene->landmarks.size(); ++i) {
      const auto& l = scene->landmarks[i];
      double a = sy(l.centre[1] + l.radii[1]), b = sy(l.centre[1] - l.radii[1]);  // to scale
      a = std::max(a, side.y0);
      b = std::min(b, side.y1);
      if (b <= a) continue;
      std::string c = landmark_colour(l, i);
      // The landmark's height span, as a thin band at the panel's right edge.
      double bx = side.x1 + 4 + 7.0 * double(i % 6);
      d.rect(side.x0, a, side.x1 - side.x0, b - a, c, "none", "fill-opacity=\"0.06\"");
      d.rect(bx, a, 5, b - a, c, "none", "fill-opacity=\"0.8\"");
    }
  }
  for (std::size_t wi = 0; wi < walks.size(); ++wi)
    coloured_path(d, *walks[wi].traj, [&](const Frame& fr) { return st(fr.t); },
                  [&](const Frame& fr) { return sy(fr.y); }, 2.2, "", colour_of(wi));

  // ---- speed against time (and shading where the walker is inside a landmark)
  const Panel sp{720, 360, 1045, 560};
  double vmax = 0;
  std::vector<std::vector<double>> speeds;
  for (const auto& w : walks) {
    speeds.push_back(frame_speeds(*w.traj));
    for (double v : speeds.back()) vmax = std::max(vmax, v);
  }
  vmax = vmax > 0 ? vmax * 1.1 : 1;
  Scale sv{0, vmax, sp.y1, sp.y0};
  axes(d, sp, st, sv, t0, t1, 0, vmax, "time (s)", "speed (units/s)");
  d.text(sp.x0, sp.y0 - 10, "speed against time", 13, "start", "fill=\"#222\"");
  for (std::size_t wi = 0; wi < walks.size() && !multi; ++wi) {
  const auto& f = walks[wi].traj->frames;
  if (scene && f.size() >= 2) {
    for (std::size_t li = 0; li < scene->landmarks.size(); ++li) {
      const auto& l = scene->landmarks[li];
      std::string c = landmark_colour(l, li);
      std::size_t i = 0;
      while (i < f.size()) {
        if (!inside(l, position(f[i]))) { ++i; continue; }
        std::size_t j = i;
        while (j + 1 < f.size() && inside(l, position(f[j + 1]))) ++j;
        double a = st(f[i].t), b = st(f[j].t);
        d.rect(a, sp.y0, std::max(1.0, b - a), sp.y1 - sp.y0, c, "none", "fill-opacity=\"0.18\"");
        i = j + 1;
      }
    }
  }
  }
  for (std::size_t wi = 0; wi < walks.size(); ++wi) {
  const auto& f = walks[wi].traj->frames;
  const auto& speed = speeds[wi];
  if (f.size() >= 2) {
    Trajectory sv_tr;  // speed as a walk in (t, v) to reuse the coloured path
    sv_tr.frames.reserve(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) sv_tr.frames.push_back({f[i].t, 0, speed[i], 0, 0});
    coloured_path(d, sv_tr, [&](const Frame& fr) { return st(fr.t); }, [&](const Frame& fr) { return sv(fr.y); },
                  1.8, "", colour_of(wi));
  }
  }

  // ---- legend: time colour bar, markers, facing ticks, landmarks
  const double lx = 720, ly = 610, lw = 220;
  if (multi) {
    // The walkers and their colours, in rows of four.
    d.text(lx, ly - 8, "walkers (start: circle, end: square)", 12, "start", "fill=\"#333\"");
    for (std::size_t wi = 0; wi < walks.size(); ++wi) {
      double x = lx + 82.0 * double(wi % 4), y = ly + 6 + 16.0 * double(wi / 4);
      d.line(x, y, x + 16, y, colour_of(wi), 3);
      d.text(x + 20, y + 4, walks[wi].name.substr(0, 10), 11, "start", "fill=\"#333\"");
    }
  } else {
  d.text(lx, ly - 8, "time (s)", 12, "start", "fill=\"#333\"");
  const int steps = 60;
  for (int i = 0; i < steps; ++i)
    d.rect(lx + lw * i / steps, ly, lw / steps + 0.6, 12, svg::colormap(double(i) / (steps - 1)), "none");
  d.rect(lx, ly, lw, 12, "none", "#999");
  Scale sl{t0, t1, lx, lx + lw};
  for (double v : svg::nice_ticks(t0, t1, 4)) {
    d.line(sl(v), ly + 12, sl(v), ly + 16, kAxis, 1);
    d.text(sl(v), ly + 28, svg::tick_label(v), 10, "middle", "fill=\"#555\"");
  }
  double mx = lx + lw + 30;
  d.circle(mx, ly + 2, 6, "#2a9d3f", "white", "stroke-width=\"2\"");
  d.text(mx + 11, ly + 6, "start", 11, "start", "fill=\"#333\"");
  d.rect(mx + 50, ly - 4, 11, 11, "#c0392b", "white", "stroke-width=\"2\"");
  d.text(mx + 66, ly + 6, "end", 11, "start", "fill=\"#333\"");
  d.line(mx - 5, ly + 24, mx + 9, ly + 24, "#333", 1.2);
  d.circle(mx + 9, ly + 24, 1.6, "#333");
  d.text(mx + 15, ly + 28, "facing (azimuth)", 11, "start", "fill=\"#333\"");
  }
  if (scene && !scene->landmarks.empty()) {
    // Landmark swatches, wrapping onto a second row when needed.
    double x = lx, y = ly + 50 + (multi ? 16.0 * double((walks.size() - 1) / 4) : 0.0);
    d.text(x, y + 4, "landmarks:", 11, "start", "fill=\"#333\"");
    x += 70;
    for (std::size_t i = 0; i < scene->landmarks.size(); ++i) {
      const auto& l = scene->landmarks[i];
      double w = 22 + 6.5 * double(l.name.size());
      if (x + w > o.width - 10) {
        x = lx + 70;
        y += 16;
      }
      std::string c = landmark_colour(l, i);
      d.rect(x, y - 5, 10, 10, c, c, "fill-opacity=\"0.5\"");
      d.text(x + 14, y + 4, l.name, 11, "start", "fill=\"#333\"");
      x += w;
    }
    d.text(lx, y + 22, "bars: landmark height spans; speed panel shaded while inside one",
           10, "start", "fill=\"#777\"");
  }
  return d.str();
}

}  // namespace lw::walk
