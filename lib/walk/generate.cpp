#include "walk/generate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "walk/geometry.hpp"

namespace lw::walk {

// ---------------------------------------------------------------- Rng

namespace {
std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

std::uint64_t Rng::next() {
  std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double Rng::normal() {
  double u1 = 1.0 - uniform();  // (0, 1]
  double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

double Rng::exponential(double mean) { return -mean * std::log(1.0 - uniform()); }

// ---------------------------------------------------------------- options

WalkKind parse_walk_kind(const std::string& name) {
  if (name == "random") return WalkKind::Random;
  if (name == "orbit") return WalkKind::Orbit;
  if (name == "line") return WalkKind::Line;
  if (name == "spiral") return WalkKind::Spiral;
  if (name == "visit") return WalkKind::Visit;
  fail_usage("unknown walk kind '" + name + "'; expected random, orbit, line, spiral or visit");
}

Facing parse_facing(const std::string& text) {
  Facing f;
  if (text == "forward") return f;
  if (text == "landmark") {
    f.mode = Facing::Mode::Landmark;
    return f;
  }
  double v;
  if (parse_double(text, v) && std::isfinite(v)) {
    f.mode = Facing::Mode::Fixed;
    f.azimuth = wrap_degrees(v);
    return f;
  }
  fail_usage("--face: '" + text + "' is not forward, landmark or an azimuth in degrees");
}

namespace {

void check_positive(double v, const char* opt) {
  if (!(std::isfinite(v) && v > 0)) fail_usage(std::string(opt) + " must be a finite number > 0, got " + format_double(v));
}
void check_nonneg(double v, const char* opt) {
  if (!(std::isfinite(v) && v >= 0)) fail_usage(std::string(opt) + " must be a finite number >= 0, got " + format_double(v));
}

// Walk area: the scene's bounds, else a box around its landmarks, else 40 x 40.
Bounds walk_area(const Scene* scene) {
  if (scene && scene->bounds) return *scene->bounds;
  Bounds b;
  b.min = {-20, 0, -20};
  b.max = {20, 10, 20};
  if (scene && !scene->landmarks.empty()) {
    for (int i : {0, 2}) {
      b.min[i] = std::numeric_limits<double>::infinity();
      b.max[i] = -b.min[i];
    }
    for (const auto& l : scene->landmarks)
      for (int i : {0, 2}) {
        b.min[i] = std::min(b.min[i], l.centre[i] - l.radii[i] - 10);
        b.max[i] = std::max(b.max[i], l.centre[i] + l.radii[i] + 10);
      }
  }
  return b;
}

const Landmark* target_landmark(const GenerateOptions& o, const Scene* scene) {
  if (!o.landmark.empty()) {
    if (!scene) fail_usage("--landmark " + o.landmark + " needs --scene");
    const Landmark* l = scene->find(o.landmark);
    if (!l) {
      std::string names;
      for (const auto& m : scene->landmarks) names += (names.empty() ? "" : ", ") + m.name;
      fail_usage("no landmark '" + o.landmark + "' in the scene (it has: " + (names.empty() ? "none" : names) + ")");
    }
    return l;
  }
  if (scene && !scene->landmarks.empty()) return &scene->landmarks.front();
  return nullptr;
}

// Horizontal radius of a landmark in direction (dx, dz) (unit vector).
double horizontal_radius(const Landmark& l, double dx, double dz) {
  double a = dx / l.radii[0], b = dz / l.radii[2];
  return 1.0 / std::sqrt(a * a + b * b);
}

double face(const GenerateOptions& o, double forward, double x, double z, const Vec3& look_at) {
  switch (o.facing.mode) {
    case Facing::Mode::Fixed: return o.facing.azimuth;
    case Facing::Mode::Landmark: return heading_degrees(look_at[0] - x, look_at[2] - z);
    default: return forward;
  }
}

std::size_t frame_count(const GenerateOptions& o) {
  return static_cast<std::size_t>(std::llround(o.duration * o.rate_hz)) + 1;
}

double frame_time(const GenerateOptions& o, std::size_t k) { return static_cast<double>(k) / o.rate_hz; }

// ---------------------------------------------------------------- kinds

Trajectory random_walk(const GenerateOptions& o, const Scene* scene, Rng& rng) {
  check_positive(o.speed, "--speed");
  check_nonneg(o.turn_rate, "--turn-rate");
  check_nonneg(o.pause_rate, "--pause-rate");
  check_nonneg(o.pause_duration, "--pause-duration");
  Bounds b = walk_area(scene);
  Trajectory tr;
  double x = (b.min[0] + b.max[0]) / 2 + (rng.uniform() - 0.5) * (b.max[0] - b.min[0]) * 0.5;
  double z = (b.min[2] + b.max[2]) / 2 + (rng.uniform() - 0.5) * (b.max[2] - b.min[2]) * 0.5;
  double heading = rng.uniform() * 360;
  double omega = 0;  // turning rate, degrees per second
  double speed = o.speed;
  double pause_left = 0;
  const int sub = 10;
  const double dt = 1.0 / (o.rate_hz * sub);
  const double cx = (b.min[0] + b.max[0]) / 2, cz = (b.min[2] + b.max[2]) / 2;
  const double wall = std::min(3.0, 0.2 * std::min(b.max[0] - b.min[0], b.max[2] - b.min[2]));
  const double tau = 2.0;  // seconds a turn persists
  Vec3 look{0, 0, 0};
  if (const Landmark* l = target_landmark(o, scene)) look = l->centre;
  const std::size_t n = frame_count(o);
  double az = heading;
  for (std::size_t k = 0; k < n; ++k) {
    if (k > 0) {
      for (int s = 0; s < sub; ++s) {
        if (pause_left > 0) {
          pause_left -= dt;
          continue;
        }
        if (rng.uniform() < o.pause_rate * dt) {
          pause_left = rng.exponential(o.pause_duration);
          continue;
        }
        // The turning rate is an Ornstein-Uhlenbeck process (mean 0, standard
        // deviation turn_rate, correlation time tau): curves, not jitter.
        omega += -omega / tau * dt + o.turn_rate * std::sqrt(2 * dt / tau) * rng.normal();
        // Near a wall, steer back toward the middle of the area.
        double edge = std::min({x - b.min[0], b.max[0] - x, z - b.min[2], b.max[2] - z});
        double steer = 0;
        if (edge < wall) {
          double want = heading_degrees(cx - x, cz - z);
          double diff = std::fmod(want - heading + 540.0, 360.0) - 180.0;
          steer = diff * (1 - edge / wall) * 2;  // degrees per second
        }
        heading += (omega + steer) * dt;
        speed += (o.speed - speed) * dt + 0.2 * o.speed * std::sqrt(dt) * rng.normal();
        speed = std::clamp(speed, 0.3 * o.speed, 2.0 * o.speed);
        double rad = heading * M_PI / 180;
        double nx = x + speed * dt * std::sin(rad);
        double nz = z + speed * dt * std::cos(rad);
        if (nx < b.min[0] || nx > b.max[0] || nz < b.min[2] || nz > b.max[2]) continue;  // turn on the spot
        x = nx;
        z = nz;
      }
      if (pause_left <= 0) az = heading;  // a paused walker keeps looking where it was going
    }
    double y = std::clamp(o.height, b.min[1], b.max[1]);
    tr.frames.push_back({frame_time(o, k), x, y, z, wrap_degrees(face(o, az, x, z, look))});
  }
  return tr;
}

Trajectory orbit_walk(const GenerateOptions& o, const Scene* scene) {
  check_positive(o.speed, "--speed");
  const Landmark* l = target_landmark(o, scene);
  Vec3 c = l ? l->centre : Vec3{0, 0, 0};
  double r = o.radius ? *o.radius : l ? std::max(l->radii[0], l->radii[2]) + 3 : 5;
  check_positive(r, "--radius");
  double dir = o.counter_clockwise ? -1 : 1;
  double omega = o.speed / r;  // radians per second
  Trajectory tr;
  for (std::size_t k = 0; k < frame_count(o); ++k) {
    double t = frame_time(o, k);
    // Position angle measured like azimuth: from +z, clockwise seen from above.
    double a = dir * omega * t;
    double x = c[0] + r * std::sin(a), z = c[2] + r * std::cos(a);
    double forward = (a + dir * M_PI / 2) * 180 / M_PI;
    tr.frames.push_back({t, x, o.height, z, wrap_degrees(face(o, forward, x, z, c))});
  }
  return tr;
}

Trajectory line_walk(const GenerateOptions& o, const Scene* scene) {
  Bounds b = walk_area(scene);
  double zc = (b.min[2] + b.max[2]) / 2;
  Vec3 from = o.from ? *o.from : Vec3{b.min[0] + 1, o.height, zc};
  Vec3 to = o.to ? *o.to : Vec3{b.max[0] - 1, o.height, zc};
  double forward = heading_degrees(to[0] - from[0], to[2] - from[2]);
  Vec3 look{0, 0, 0};
  if (const Landmark* l = target_landmark(o, scene)) look = l->centre;
  Trajectory tr;
  std::size_t n = frame_count(o);
  for (std::size_t k = 0; k < n; ++k) {
    double u = n > 1 ? double(k) / double(n - 1) : 0;
    double x = from[0] + (to[0] - from[0]) * u, y = from[1] + (to[1] - from[1]) * u,
           z = from[2] + (to[2] - from[2]) * u;
    tr.frames.push_back({frame_time(o, k), x, y, z, wrap_degrees(face(o, forward, x, z, look))});
  }
  return tr;
}

Trajectory spiral_walk(const GenerateOptions& o, const Scene* scene) {
  const Landmark* l = target_landmark(o, scene);
  Vec3 c = l ? l->centre : Vec3{0, 0, 0};
  double outer = o.radius ? *o.radius : l ? std::max(l->radii[0], l->radii[2]) + 10 : 15;
  check_positive(outer, "--radius");
  check_positive(o.turns, "--turns");
  check_nonneg(o.inner_radius, "--inner-radius");
  double inner = o.inner_radius;
  if (l) inner = std::max(inner, std::max(l->radii[0], l->radii[2]) + 0.5);  // stay outside
  if (inner >= outer) fail_usage("spiral: the inner radius (" + format_double(inner) + ") must be below the outer radius (" + format_double(outer) + ")");
  double dir = o.counter_clockwise ? -1 : 1;
  Trajectory tr;
  std::size_t n = frame_count(o);
  // Archimedean spiral r(u) = outer + (inner - outer) u, angle 2 pi turns u.
  auto point = [&](double u, double& x, double& z) {
    double r = outer + (inner - outer) * u, a = dir * 2 * M_PI * o.turns * u;
    x = c[0] + r * std::sin(a);
    z = c[2] + r * std::cos(a);
  };
  for (std::size_t k = 0; k < n; ++k) {
    double u = n > 1 ? double(k) / double(n - 1) : 0;
    double x, z, x2, z2;
    point(u, x, z);
    point(std::min(1.0, u + 1e-4), x2, z2);
    if (u + 1e-4 > 1.0) {  // at the end look along the last bit of the path
      double xp, zp;
      point(u - 1e-4, xp, zp);
      x2 = x + (x - xp);
      z2 = z + (z - zp);
    }
    double forward = heading_degrees(x2 - x, z2 - z);
    tr.frames.push_back({frame_time(o, k), x, o.height, z, wrap_degrees(face(o, forward, x, z, c))});
  }
  return tr;
}

// Walks from landmark to landmark: toward a point `approach` in front of each
// one, slow near any landmark and fast between them, dwelling at each while
// facing it, and starting over when the list is done before the duration.
Trajectory visit_walk(const GenerateOptions& o, const Scene* scene, Rng& rng) {
  if (!scene || scene->landmarks.empty()) fail_usage("generate visit needs --scene with at least one landmark");
  check_positive(o.slow_speed, "--slow-speed");
  check_positive(o.fast_speed, "--fast-speed");
  check_positive(o.falloff, "--falloff");
  check_nonneg(o.approach, "--approach");
  check_nonneg(o.dwell, "--dwell");
  std::vector<const Landmark*> order;
  if (!o.order.empty()) {
    for (const auto& name : o.order) {
      GenerateOptions one;
      one.landmark = name;
      order.push_back(target_landmark(one, scene));
    }
  } else {
    for (const auto& l : scene->landmarks) order.push_back(&l);
    for (std::size_t i = order.size(); i > 1; --i)  // Fisher-Yates
      std::swap(order[i - 1], order[static_cast<std::size_t>(rng.uniform() * double(i))]);
  }
  Bounds b = walk_area(scene);
  // Start at the middle of the near (-z) edge of the area, facing in.
  double x = (b.min[0] + b.max[0]) / 2, z = b.min[2] + 0.1 * (b.max[2] - b.min[2]);
  auto speed_at = [&](double px, double pz) {
    double d = std::numeric_limits<double>::infinity();
    for (const auto& l : scene->landmarks) d = std::min(d, distance(l, {px, o.height, pz}));
    double u = std::clamp(d / o.falloff, 0.0, 1.0);
    u = u * u * (3 - 2 * u);  // smoothstep: gentle at both ends
    return o.slow_speed + (o.fast_speed - o.slow_speed) * u;
  };
  Trajectory tr;
  const std::size_t n = frame_count(o);
  const int sub = 10;
  const double dt = 1.0 / (o.rate_hz * sub);
  std::size_t target = 0;
  double dwell_left = 0;
  double forward = 0;
  {
    const Landmark* l = order[0];
    forward = heading_degrees(l->centre[0] - x, l->centre[2] - z);
  }
  auto waypoint = [&](const Landmark* l, double px, double pz, double& wx, double& wz) {
    double dx = px - l->centre[0], dz = pz - l->centre[2];
    double len = std::hypot(dx, dz);
    if (len < 1e-9) { dx = 0; dz = -1; len = 1; }
    dx /= len;
    dz /= len;
    // In front of the landmark's footprint (its outline seen from above).
    double r = horizontal_radius(*l, dx, dz) + o.approach;
    wx = l->centre[0] + dx * r;
    wz = l->centre[2] + dz * r;
  };
  double wx = 0, wz = 0;
  waypoint(order[0], x, z, wx, wz);
  // Walkers go round landmarks in their way: when the straight line to the
  // goal cuts a landmark's footprint (plus a margin), aim
  // at a detour point beside it instead, and look again from there.
  auto detour = [&](double gx, double gz, double& ox, double& oz) {
    for (const auto& lm : scene->landmarks) {
      // Landmarks floating above eye height are walked under.
      if (lm.centre[1] - lm.radii[1] > o.height) continue;
      // Work where the footprint plus a margin is the unit circle.
      double margin = &lm == order[target] ? std::min(0.75, 0.5 * o.approach) : 0.75;
      double ax = lm.radii[0] + margin, az = lm.radii[2] + margin;
      double x0 = (x - lm.centre[0]) / ax, z0 = (z - lm.centre[2]) / az;
      double x1 = (gx - lm.centre[0]) / ax, z1 = (gz - lm.centre[2]) / az;
      if (x1 * x1 + z1 * z1 < 1) continue;  // the goal is beside it: nothing to go round
      double sx = x1 - x0, sz = z1 - z0, len2 = sx * sx + sz * sz;
      if (len2 < 1e-18) continue;
      double u = std::clamp(-(x0 * sx + z0 * sz) / len2, 0.0, 1.0);
      double cx = x0 + u * sx, cz = z0 + u * sz;
      double dist = std::hypot(cx, cz);
      if (dist >= 1) continue;
      if (dist < 1e-9) {  // straight through the centre: step to the right
        cx = sz;
        cz = -sx;
        dist = std::hypot(cx, cz);
      }
      double k = (1 + 0.5 / std::min(ax, az)) / dist;
      ox = lm.centre[0] + cx * k * ax;
      oz = lm.centre[2] + cz * k * az;
      return true;
    }
    return false;
  };
  double az = forward;
  for (std::size_t k = 0; k < n; ++k) {
    if (k > 0) {
      for (int s = 0; s < sub; ++s) {
        const Landmark* l = order[target];
        if (dwell_left > 0) {
          dwell_left -= dt;
          if (dwell_left <= 0) {
            target = (target + 1) % order.size();
            waypoint(order[target], x, z, wx, wz);
          }
          continue;
        }
        double gx = wx, gz = wz;
        for (int tries = 0; tries < 6; ++tries) {
          double ox, oz;
          if (!detour(gx, gz, ox, oz)) break;
          gx = ox;
          gz = oz;
        }
        const bool final_goal = gx == wx && gz == wz;
        double dx = gx - x, dz = gz - z, dist = std::hypot(dx, dz);
        double step = speed_at(x, z) * dt;
        if (dist <= step) {
          x = gx;
          z = gz;
          if (final_goal) {
            dwell_left = std::max(o.dwell, dt);
            forward = heading_degrees(l->centre[0] - x, l->centre[2] - z);
          }
          continue;
        }
        x += dx / dist * step;
        z += dz / dist * step;
        forward = heading_degrees(dx, dz);
      }
      // Turn the head smoothly (at most 90 degrees per second) toward where it goes.
      double want = dwell_left > 0 ? heading_degrees(order[target]->centre[0] - x, order[target]->centre[2] - z) : forward;
      double d = std::fmod(want - az + 540.0, 360.0) - 180.0;
      double max_turn = 90.0 / o.rate_hz;
      az += std::clamp(d, -max_turn, max_turn);
    }
    const Landmark* l = order[target];
    tr.frames.push_back({frame_time(o, k), x, o.height, z, wrap_degrees(face(o, az, x, z, l->centre))});
  }
  return tr;
}

}  // namespace

Trajectory generate(WalkKind kind, const GenerateOptions& o, const Scene* scene) {
  check_positive(o.duration, "--duration");
  check_positive(o.rate_hz, "--rate");
  if (o.duration * o.rate_hz > 1e8) fail_usage("--duration times --rate is over 100 million frames");
  if (!std::isfinite(o.height)) fail_usage("--height must be finite");
  Rng rng(o.seed);
  Trajectory tr;
  switch (kind) {
    case WalkKind::Random: tr = random_walk(o, scene, rng); break;
    case WalkKind::Orbit: tr = orbit_walk(o, scene); break;
    case WalkKind::Line: tr = line_walk(o, scene); break;
    case WalkKind::Spiral: tr = spiral_walk(o, scene); break;
    case WalkKind::Visit: tr = visit_walk(o, scene, rng); break;
  }
  tr.rate_hz = o.rate_hz;
  return tr;
}

}  // namespace lw::walk
