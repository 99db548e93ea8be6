// Following a control path (latentwalk.control, predicted by
// lw-train-explorer): the latent position moves toward each frame's (x, y)
// along a straight line over the frame's ramp time, as the z-ramp of the
// Latent Space Explorer drives M4L.RhythmVAE (a Max `line` toward the target).
#pragma once
#include <vector>

#include "walk/control_path.hpp"

namespace lw::rhythm {

struct LatentPoint {
  double t = 0;
  double x = 0, y = 0;
  double noise = 0;  // the noise level of the latest frame at t
};

// The position at each of `times` (seconds, ascending). The walk starts at the
// first frame's (x, y); before the first frame it stays there. A new frame
// starts a new ramp from wherever the position is at that moment. Times must
// be ascending; the path must have at least one frame.
std::vector<LatentPoint> follow_path(const walk::ControlPath& path, const std::vector<double>& times);

}  // namespace lw::rhythm
