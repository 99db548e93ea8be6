// Resampling a trajectory onto a uniform time grid, e.g. to reach a latent
// model's frame rate (48000 / 2048 = 23.4375 Hz).
#pragma once
#include <string>

#include "walk/trajectory.hpp"

namespace lw::walk {

enum class Method { Linear, Cubic };
// "linear" | "cubic"; throws a usage error otherwise.
Method parse_method(const std::string& name);

// Frames at t0 + k / rate_hz for k = 0, 1, ... up to the last time stamp
// (included when it falls on the grid, within 1e-9 s). Linear: straight lines
// between frames. Cubic: Catmull-Rom on positions (a cubic Hermite spline with
// tangents (p[i+1] - p[i-1]) / (t[i+1] - t[i-1]), the non-uniform form of
// Catmull & Rom 1974; one-sided at the ends). Azimuth is unwrapped before
// interpolation (350 -> 10 passes through 0) and always interpolated linearly;
// output azimuth is wrapped to [0, 360). A single-frame input gives that frame.
// Throws a usage error for a rate that is not finite and > 0.
Trajectory resample(const Trajectory& traj, double rate_hz, Method method);

// Position and unwrapped azimuth at time t (clamped to the trajectory's span).
// `unwrapped` is unwrap_azimuth(traj). Azimuth in the result is not wrapped.
Frame sample_at(const Trajectory& traj, const std::vector<double>& unwrapped, double t, Method method);

}  // namespace lw::walk
