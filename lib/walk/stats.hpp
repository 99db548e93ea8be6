// What `lw-walk info` reports about a walk: timing, extent, speed, turning,
// and, with a scene, time spent inside each landmark and the nearest approach.
#pragma once
#include <string>
#include <vector>

#include "walk/scene.hpp"
#include "walk/trajectory.hpp"

namespace lw::walk {

struct LandmarkStats {
  std::string name;
  double time_inside = 0;      // seconds (each frame holds half of its neighbouring periods)
  double nearest = 0;          // smallest distance to the surface, 0 when entered
  double nearest_t = 0;        // time of the nearest approach
};

struct WalkStats {
  std::size_t frames = 0;
  double start = 0, end = 0, duration = 0;
  double nominal_rate = 0;     // rate_hz of the file
  double effective_rate = 0;   // 1 / mean frame period
  double mean_period = 0, period_jitter = 0;  // seconds; jitter = standard deviation
  double min_period = 0, max_period = 0;
  Vec3 min{0, 0, 0}, max{0, 0, 0};
  double path_length = 0;
  double mean_speed = 0;       // path length / duration
  double max_speed = 0;        // largest segment speed
  double total_turn = 0;       // degrees
  // Pauses: runs of segments slower than kPauseSpeed lasting at least
  // kPauseMin seconds (a walker standing still while frames keep coming).
  static constexpr double kPauseSpeed = 0.05;  // units per second
  static constexpr double kPauseMin = 0.5;     // seconds
  std::size_t pauses = 0;
  double pause_time = 0;       // seconds, summed over pauses
  std::vector<LandmarkStats> landmarks;
};

WalkStats summarize(const Trajectory& traj, const Scene* scene = nullptr);

}  // namespace lw::walk
