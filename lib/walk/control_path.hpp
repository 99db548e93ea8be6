// latentwalk.control v1: what lw-train-explorer predicts and lw-rhythm follows.
// {"format":"latentwalk.control","version":1,"rate_hz":R,
//  "frames":[{"t":..,"x":..,"y":..,"noise":..,"ramp_ms":..}, ...]}
#pragma once
#include <string>
#include <vector>

namespace lw::walk {

struct ControlFrame {
  double t = 0;
  double x = 0, y = 0;    // latent units
  double noise = 0;       // standard deviation of Gaussian noise, latent units
  double ramp_ms = 0;     // transition time toward (x, y)
};

struct ControlPath {
  double rate_hz = 0;
  std::string source;     // provenance note, may be empty
  std::vector<ControlFrame> frames;
};

// Throws Exit::BadInput naming the file and the frame.
ControlPath read_control_path(const std::string& path);
ControlPath parse_control_path(const std::string& text, const std::string& path);
std::string control_path_to_json(const ControlPath& p);
void write_control_path(const std::string& target, const ControlPath& p);

}  // namespace lw::walk
