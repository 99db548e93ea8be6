// From frame-wise features to a control path (latentwalk.control): the model
// is evaluated on every frame, its outputs are mapped onto x, y, noise and
// ramp_ms, clamped to their ranges and optionally smoothed.
#pragma once
#include <string>
#include <vector>

#include "explorer/mlp.hpp"
#include "walk/control_path.hpp"

namespace lw::explorer {

// Frame-wise input vectors with their times (seconds), in the model's input order.
struct InputFrames {
  double rate_hz = 0;
  std::vector<double> times;
  std::vector<std::vector<double>> rows;
};

// Which model output feeds which control field: by name for a latentwalk
// model (x, y, noise, ramp_ms; noise and ramp_ms may be missing), by position
// for a bare FluCoMa dump (2 to 4 outputs). Throws Exit::BadInput otherwise.
struct OutputMap {
  int x = -1, y = -1, noise = -1, ramp_ms = -1;
};
OutputMap control_outputs(const Mlp& m, const std::string& model_path);

// Centred moving average over `seconds` (window rounded to an odd number of
// frames, shrinking at the ends); seconds <= 0 leaves the values as they are.
std::vector<double> moving_average(const std::vector<double>& v, double rate_hz, double seconds);

// Predicts every frame; each output is clamped to its range (bare dump:
// [0, 1]), then smoothed. Non-finite inputs are refused naming the frame.
walk::ControlPath predict_path(const Mlp& m, const OutputMap& map, const InputFrames& in, double smooth_seconds,
                               const std::string& source, const std::string& input_path);

}  // namespace lw::explorer
