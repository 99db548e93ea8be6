#include "walk/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "walk/geometry.hpp"

namespace lw::walk {

WalkStats summarize(const Trajectory& traj, const Scene* scene) {
  WalkStats s;
  const auto& f = traj.frames;
  s.frames = f.size();
  s.nominal_rate = traj.rate_hz;
  if (f.empty()) return s;
  s.start = f.front().t;
  s.end = f.back().t;
  s.duration = s.end - s.start;
  s.min = s.max = position(f[0]);
  for (const auto& fr : f) {
    Vec3 p = position(fr);
    for (int i = 0; i < 3; ++i) {
      s.min[i] = std::min(s.min[i], p[i]);
      s.max[i] = std::max(s.max[i], p[i]);
    }
  }
  if (f.size() >= 2) {
    double n = double(f.size() - 1);
    s.mean_period = s.duration / n;
    s.effective_rate = 1.0 / s.mean_period;
    double var = 0;
    s.min_period = std::numeric_limits<double>::infinity();
    for (std::size_t i = 1; i < f.size(); ++i) {
      double dt = f[i].t - f[i - 1].t;
      var += (dt - s.mean_period) * (dt - s.mean_period);
      s.min_period = std::min(s.min_period, dt);
      s.max_period = std::max(s.max_period, dt);
    }
    s.period_jitter = std::sqrt(var / n);
    s.path_length = path_length(traj);
    s.mean_speed = s.path_length / s.duration;
    for (double v : segment_speeds(traj)) s.max_speed = std::max(s.max_speed, v);
    s.total_turn = total_turn(traj);
    auto seg = segment_speeds(traj);
    double run = 0;
    for (std::size_t i = 0; i <= seg.size(); ++i) {
      if (i < seg.size() && seg[i] < WalkStats::kPauseSpeed) {
        run += f[i + 1].t - f[i].t;
        continue;
      }
      if (run >= WalkStats::kPauseMin) {
        ++s.pauses;
        s.pause_time += run;
      }
      run = 0;
    }
  }
  if (scene) {
    for (const auto& l : scene->landmarks) {
      LandmarkStats ls;
      ls.name = l.name;
      ls.nearest = std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < f.size(); ++i) {
        Vec3 p = position(f[i]);
        double d = distance(l, p);
        if (d < ls.nearest) {
          ls.nearest = d;
          ls.nearest_t = f[i].t;
        }
        if (d == 0.0) {
          // A frame stands for half the period on each side of it.
          double before = i > 0 ? (f[i].t - f[i - 1].t) / 2 : 0;
          double after = i + 1 < f.size() ? (f[i + 1].t - f[i].t) / 2 : 0;
          ls.time_inside += before + after;
        }
      }
      s.landmarks.push_back(ls);
    }
  }
  return s;
}

}  // namespace lw::walk
