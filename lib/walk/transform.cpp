#include "walk/transform.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "walk/geometry.hpp"

namespace lw::walk {

Trajectory transform(const Trajectory& traj, const TransformOptions& o) {
  if (!(std::isfinite(o.time_scale) && o.time_scale > 0))
    fail_usage("--time-scale must be a finite number > 0, got " + format_double(o.time_scale));
  if (!(std::isfinite(o.scale) && o.scale != 0)) fail_usage("--scale must be a finite non-zero number");
  if (o.trim_from && o.trim_to && *o.trim_from > *o.trim_to)
    fail_usage("--trim: FROM (" + format_double(*o.trim_from) + ") is after TO (" + format_double(*o.trim_to) + ")");
  Trajectory out;
  out.rate_hz = traj.rate_hz / o.time_scale;
  out.source = traj.source;
  // Exact for quarter turns, so --rotate 90 gives clean numbers.
  const double quarter = wrap_degrees(o.rotate_deg) / 90.0;
  double c, s;
  if (quarter == std::floor(quarter)) {
    const double cs[4] = {1, 0, -1, 0}, sn[4] = {0, 1, 0, -1};
    c = cs[static_cast<int>(quarter)];
    s = sn[static_cast<int>(quarter)];
  } else {
    const double th = o.rotate_deg * M_PI / 180.0;
    c = std::cos(th);
    s = std::sin(th);
  }
  for (const Frame& f : traj.frames) {
    if (o.trim_from && f.t < *o.trim_from) continue;
    if (o.trim_to && f.t > *o.trim_to) continue;
    Frame g = f;
    g.t = f.t * o.time_scale;
    g.x *= o.scale;
    g.y *= o.scale;
    g.z *= o.scale;
    // heading phi = atan2(x, z) grows by th: (x, z) = r (sin phi, cos phi).
    double x = g.x * c + g.z * s;
    double z = g.z * c - g.x * s;
    g.x = x + o.translate[0];
    g.y = g.y + o.translate[1];
    g.z = z + o.translate[2];
    if (o.rotate_deg != 0) g.azimuth = wrap_degrees(g.azimuth + o.rotate_deg);
    out.frames.push_back(g);
  }
  if (out.frames.empty())
    fail_usage("--trim keeps no frame (the walk spans t=" + format_double(traj.frames.front().t) + ".." +
               format_double(traj.frames.back().t) + ")");
  if (o.start_at_zero) {
    double t0 = out.frames.front().t;
    for (auto& f : out.frames) f.t -= t0;
  }
  return out;
}

Trajectory concat(const std::vector<Trajectory>& walks) {
  if (walks.empty()) fail_usage("concat needs at least one walk");
  Trajectory out;
  out.rate_hz = walks.front().rate_hz;
  for (std::size_t w = 0; w < walks.size(); ++w) {
    const Trajectory& tr = walks[w];
    if (tr.frames.empty()) continue;
    if (!tr.source.empty()) out.source += (out.source.empty() ? "" : " + ") + tr.source;
    double shift = 0;
    if (!out.frames.empty()) {
      double gap = 1.0 / walks[w - 1].rate_hz;
      shift = out.frames.back().t + gap - tr.frames.front().t;
    }
    for (Frame f : tr.frames) {
      f.t += shift;
      out.frames.push_back(f);
    }
  }
  return out;
}

}  // namespace lw::walk
