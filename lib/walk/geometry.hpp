// Geometry of walks and landmarks: inside/distance tests, speeds, path
// length, and azimuth wrapping. Plain functions over the plain structs.
#pragma once
#include <vector>

#include "walk/scene.hpp"
#include "walk/trajectory.hpp"

namespace lw::walk {

inline Vec3 position(const Frame& f) { return {f.x, f.y, f.z}; }
double norm(const Vec3& v);
double distance(const Vec3& a, const Vec3& b);

// True when p lies inside or on the landmark: sum(((p - c) / r)^2) <= 1.
bool inside(const Landmark& l, const Vec3& p);

// Euclidean distance from p to the landmark's surface, 0 inside or on it.
// No approximation for spheres; for ellipsoids the exact closest point is
// found by bisection on the Lagrange multiplier (Eberly, "Distance from a
// Point to an Ellipse, an Ellipsoid, or a Hyperellipsoid", 2013), accurate to
// about 1e-12 relative to the radii.
double distance(const Landmark& l, const Vec3& p);

// Distance along the path (sum of 3-D segment lengths).
double path_length(const Trajectory& traj);
// Speed at each frame in scene units per second: central difference
// |p[i+1] - p[i-1]| / (t[i+1] - t[i-1]), one-sided at the ends; 0 for a
// single frame.
std::vector<double> frame_speeds(const Trajectory& traj);
// Speed on each segment i -> i+1 (size n - 1).
std::vector<double> segment_speeds(const Trajectory& traj);

// Degrees wrapped to [0, 360).
double wrap_degrees(double deg);
// Azimuths made continuous: each step is taken as the shortest turn
// (in (-180, 180]), so 350 -> 10 becomes 350 -> 370.
std::vector<double> unwrap_azimuth(const Trajectory& traj);
// Total turning in degrees (sum of |shortest turn| between frames).
double total_turn(const Trajectory& traj);
// Azimuth (degrees, 0 = +z, clockwise from above, so +x is 90) of the
// horizontal direction (dx, dz).
double heading_degrees(double dx, double dz);

}  // namespace lw::walk
