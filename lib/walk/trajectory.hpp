// A walk through a 3-D scene: frames of time, position and facing.
// Coordinates (DESIGN.md): x, z span the ground plane, y is height;
// azimuth in degrees, 0 = facing +z, positive clockwise seen from above.
#pragma once
#include <string>
#include <vector>

namespace lw::walk {

struct Frame {
  double t = 0;        // seconds
  double x = 0, y = 0, z = 0;
  double azimuth = 0;  // degrees
};

struct Trajectory {
  double rate_hz = 10;  // nominal rate
  std::vector<Frame> frames;
  std::string source;   // provenance note, may be empty
  double duration() const { return frames.size() < 2 ? 0.0 : frames.back().t - frames.front().t; }
};

}  // namespace lw::walk
