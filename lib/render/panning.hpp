// Stereo from the walker's azimuth (degrees, 0 = facing +z, clockwise).
//
// pan: a mono model's output is a source fixed in the world in the +z
// direction; facing it, it is centred, turning right (azimuth 90) moves it to
// the left. Position p = -sin(azimuth) in [-1, 1], equal-power law
// L = cos(q), R = sin(q), q = (p + 1) pi / 4 (the constant-power pan law,
// e.g. Griesinger / Blumlein; L^2 + R^2 = 1).
//
// rotate: a stereo model's image turns with the walker: width
// w = cos(azimuth) scales the side signal (1 facing +z, 0 facing sideways, -1
// facing away: left and right swap), and the balance follows the same
// equal-power law as pan, normalised to unity gain at the centre.
#pragma once
#include <cstdint>
#include <vector>

#include "render/mapping.hpp"

namespace lw::render {

struct PanGains {
  float left = 0, right = 0;
};
PanGains pan_gains(double azimuth_deg);

// Applies the stereo mode to a stream of decoded audio. Azimuth is given per
// latent frame (unwrapped, frame k at sample k * ratio) and interpolated
// linearly between frames.
class StereoStage {
 public:
  StereoStage(Stereo mode, int in_channels, std::vector<double> azimuth_per_frame, int ratio);
  int out_channels() const { return out_channels_; }
  // in: interleaved in_channels; out: interleaved out_channels, resized.
  void process(const float* in, std::int64_t frames, std::vector<float>& out);

 private:
  Stereo mode_;
  int in_channels_, out_channels_;
  std::vector<double> azimuth_;
  int ratio_;
  std::int64_t pos_ = 0;
};

}  // namespace lw::render
