#include "rhythm/control_follow.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace lw::rhythm {

std::vector<LatentPoint> follow_path(const walk::ControlPath& path, const std::vector<double>& times) {
  if (path.frames.empty()) fail_internal("follow_path: empty control path");
  const auto& fr = path.frames;
  // Ramp state: from (fx, fy) at time t0 to (tx, ty) over `ramp` seconds.
  double fx = fr[0].x, fy = fr[0].y, t0 = fr[0].t, tx = fr[0].x, ty = fr[0].y, ramp = 0;
  auto position = [&](double t, double& x, double& y) {
    double a = ramp > 0 ? std::clamp((t - t0) / ramp, 0.0, 1.0) : 1.0;
    x = fx + (tx - fx) * a;
    y = fy + (ty - fy) * a;
  };
  std::vector<LatentPoint> out;
  out.reserve(times.size());
  std::size_t next = 0;  // next frame to start
  double noise = fr[0].noise;
  for (double t : times) {
    while (next < fr.size() && fr[next].t <= t) {
      double x, y;
      position(fr[next].t, x, y);
      fx = x;
      fy = y;
      t0 = fr[next].t;
      tx = fr[next].x;
      ty = fr[next].y;
      ramp = std::max(0.0, fr[next].ramp_ms) / 1000.0;
      noise = fr[next].noise;
      ++next;
    }
    LatentPoint p;
    p.t = t;
    position(t, p.x, p.y);
    p.noise = noise;
    out.push_back(p);
  }
  return out;
}

}  // namespace lw::rhythm
