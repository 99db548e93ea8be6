// Editing walks: trim, retime, scale, rotate, translate, and joining walks.
#pragma once
#include <optional>
#include <vector>

#include "walk/scene.hpp"
#include "walk/trajectory.hpp"

namespace lw::walk {

struct TransformOptions {
  std::optional<double> trim_from, trim_to;  // keep frames with from <= t <= to (original times)
  double time_scale = 1;                     // t -> t * k (k > 0); rate_hz -> rate_hz / k
  bool start_at_zero = false;                // then shift times so the first frame is at t = 0
  double scale = 1;                          // positions multiplied about the origin (k != 0)
  double rotate_deg = 0;                     // about the vertical (y) axis through the origin,
                                             // clockwise seen from above; azimuth turns with it
  Vec3 translate{0, 0, 0};                   // added last
};

// Applies, in this order: trim, time scale, start at zero, scale, rotate,
// translate. Throws a usage error for bad options or when the trim keeps no frame.
Trajectory transform(const Trajectory& traj, const TransformOptions& options);

// Joins walks: each one's times are shifted so it starts one nominal period
// (1 / rate_hz of the walk before) after the previous one ends. The result
// has the first walk's rate. Throws a usage error for an empty list.
Trajectory concat(const std::vector<Trajectory>& walks);

}  // namespace lw::walk
