// Synthetic walks through a scene, for tests, demos and rendering without a
// recorded walk. Every random choice comes from `seed`, so the same options
// give the same walk, bit for bit.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "walk/scene.hpp"
#include "walk/trajectory.hpp"

namespace lw::walk {

enum class WalkKind { Random, Orbit, Line, Spiral, Visit };
WalkKind parse_walk_kind(const std::string& name);  // usage error when unknown

// Where a walker looks: where it goes, toward the landmark it orbits/visits,
// or a fixed azimuth.
struct Facing {
  enum class Mode { Forward, Landmark, Fixed } mode = Mode::Forward;
  double azimuth = 0;  // Fixed
};
Facing parse_facing(const std::string& text);  // "forward" | "landmark" | degrees

struct GenerateOptions {
  double duration = 60;      // seconds
  double rate_hz = 10;
  std::uint64_t seed = 1;
  double height = 1.6;       // eye height (y) of the walker
  Facing facing;
  // random
  double speed = 1.4;        // mean walking speed (units/s); also orbit, spiral, line default
  double turn_rate = 30;     // standard deviation of the turning rate (degrees per second)
  double pause_rate = 0.05;  // pauses started per second of walking
  double pause_duration = 2; // mean pause length (seconds)
  // orbit / spiral
  std::string landmark;      // default: the first landmark, else the origin
  std::optional<double> radius;   // orbit radius, spiral outer radius
  double inner_radius = 1;   // spiral end radius (outside the landmark surface if smaller)
  double turns = 3;          // spiral turns
  bool counter_clockwise = false;
  // line
  std::optional<Vec3> from, to;
  // visit
  std::vector<std::string> order;  // empty: every landmark in a seeded random order
  double slow_speed = 0.4;   // near a landmark
  double fast_speed = 2.0;   // far from every landmark
  double falloff = 6;        // distance over which speed goes from slow to fast
  double approach = 1.5;     // stop this far in front of a landmark's footprint
  double dwell = 3;          // seconds spent at each landmark
};

// Frames at t = k / rate_hz, k = 0 .. round(duration * rate_hz).
// Throws a usage error for bad options (e.g. an unknown landmark, visit
// without a scene).
Trajectory generate(WalkKind kind, const GenerateOptions& options, const Scene* scene);

// The deterministic generator behind --seed (SplitMix64 seeding xoshiro256**,
// Blackman & Vigna 2018), independent of the C++ library's distributions.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next();
  double uniform();                 // [0, 1)
  double normal();                  // mean 0, standard deviation 1 (Box-Muller)
  double exponential(double mean);
 private:
  std::uint64_t s_[4];
};

}  // namespace lw::walk
