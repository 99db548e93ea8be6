#include "walk/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace lw::walk {

double norm(const Vec3& v) { return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); }

double distance(const Vec3& a, const Vec3& b) { return norm({a[0] - b[0], a[1] - b[1], a[2] - b[2]}); }

bool inside(const Landmark& l, const Vec3& p) {
  double s = 0;
  for (int i = 0; i < 3; ++i) {
    double q = (p[i] - l.centre[i]) / l.radii[i];
    s += q * q;
  }
  return s <= 1.0;
}

double distance(const Landmark& l, const Vec3& p) {
  if (inside(l, p)) return 0.0;
  if (l.is_sphere()) return std::max(0.0, distance(l.centre, p) - l.radii[0]);
  // Eberly 2013: with y the point relative to the centre (by symmetry taken in
  // the first octant) and e the semi-axes, the closest point on the surface is
  // x_i = e_i^2 y_i / (s + e_i^2), where s >= 0 (the point is outside) is the
  // root of F(s) = sum_i (e_i y_i / (s + e_i^2))^2 - 1. F decreases on
  // [0, inf), F(0) > 0, and F(|e*y|) <= 0, so bisection brackets it.
  double y[3], e[3];
  for (int i = 0; i < 3; ++i) {
    y[i] = std::abs(p[i] - l.centre[i]);
    e[i] = l.radii[i];
  }
  auto F = [&](double s) {
    double sum = 0;
    for (int i = 0; i < 3; ++i) {
      double r = e[i] * y[i] / (s + e[i] * e[i]);
      sum += r * r;
    }
    return sum - 1.0;
  };
  double lo = 0, hi = std::sqrt((e[0] * y[0]) * (e[0] * y[0]) + (e[1] * y[1]) * (e[1] * y[1]) +
                                (e[2] * y[2]) * (e[2] * y[2]));
  for (int it = 0; it < 200; ++it) {
    double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;  // converged to machine precision
    (F(mid) > 0 ? lo : hi) = mid;
  }
  double s = 0.5 * (lo + hi);
  double d2 = 0;
  for (int i = 0; i < 3; ++i) {
    double x = e[i] * e[i] * y[i] / (s + e[i] * e[i]);
    d2 += (y[i] - x) * (y[i] - x);
  }
  return std::sqrt(d2);
}

double path_length(const Trajectory& traj) {
  double len = 0;
  for (std::size_t i = 1; i < traj.frames.size(); ++i)
    len += distance(position(traj.frames[i - 1]), position(traj.frames[i]));
  return len;
}

std::vector<double> segment_speeds(const Trajectory& traj) {
  std::vector<double> v;
  const auto& f = traj.frames;
  if (f.size() < 2) return v;
  v.reserve(f.size() - 1);
  for (std::size_t i = 1; i < f.size(); ++i)
    v.push_back(distance(position(f[i - 1]), position(f[i])) / (f[i].t - f[i - 1].t));
  return v;
}

std::vector<double> frame_speeds(const Trajectory& traj) {
  const auto& f = traj.frames;
  std::vector<double> v(f.size(), 0.0);
  if (f.size() < 2) return v;
  for (std::size_t i = 0; i < f.size(); ++i) {
    std::size_t a = i == 0 ? 0 : i - 1;
    std::size_t b = i + 1 == f.size() ? i : i + 1;
    v[i] = distance(position(f[a]), position(f[b])) / (f[b].t - f[a].t);
  }
  return v;
}

double wrap_degrees(double deg) {
  double w = std::fmod(deg, 360.0);
  if (w < 0) w += 360.0;
  if (w >= 360.0) w = 0.0;  // -1e-17 + 360 rounds to 360
  return w == 0.0 ? 0.0 : w;  // no -0
}

namespace {
// Shortest turn from a to b in (-180, 180].
double turn(double a, double b) {
  double d = std::fmod(b - a, 360.0);
  if (d > 180.0) d -= 360.0;
  if (d <= -180.0) d += 360.0;
  return d;
}
}  // namespace

std::vector<double> unwrap_azimuth(const Trajectory& traj) {
  std::vector<double> out;
  out.reserve(traj.frames.size());
  for (std::size_t i = 0; i < traj.frames.size(); ++i) {
    if (i == 0) out.push_back(traj.frames[0].azimuth);
    else out.push_back(out.back() + turn(traj.frames[i - 1].azimuth, traj.frames[i].azimuth));
  }
  return out;
}

double total_turn(const Trajectory& traj) {
  double sum = 0;
  for (std::size_t i = 1; i < traj.frames.size(); ++i)
    sum += std::abs(turn(traj.frames[i - 1].azimuth, traj.frames[i].azimuth));
  return sum;
}

double heading_degrees(double dx, double dz) {
  // atan2(x, z): 0 along +z, 90 along +x (clockwise seen from above, y up).
  return wrap_degrees(std::atan2(dx, dz) * 180.0 / M_PI);
}

}  // namespace lw::walk
