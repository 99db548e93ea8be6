// Stereo from the walker's azimuth (degrees, 0 = facing +z, clockwise).
//
// pan: a mono model's output is a source fixed in the world in the +z
// direction; facing it, it is centred, turning right (azimuth 90) moves it to
// the left. Position p = -width sin(azimuth) in [-1, 1], equal-power law
// L = cos(q), R = sin(q), q = (p + 1) pi / 4 (the constant-power pan law;
// L^2 + R^2 = 1).
//
// rotate: a stereo model's image turns with the walker: the side signal
// (L - R) / 2 is scaled by 1 - width (1 - cos(azimuth)) (with width 1: 1
// facing +z, 0 facing sideways, -1 facing away: left and right swap), and the
// balance follows the same equal-power law as pan, normalised to unity gain
// at the centre.
#pragma once
#include <cstdint>
#include <vector>

#include "render/mapping.hpp"

namespace lw::render {

struct PanGains {
  float left = 0, right = 0;
};
// width in [0, 1] scales the position: 1 pans hard to one side when the
// walker faces sideways, 0.7 (the default) leaves the far ear about 12 dB down.
PanGains pan_gains(double azimuth_deg, double width = 1.0);

// Applies the stereo mode to a stream of decoded audio. Azimuth is given per
// latent frame (unwrapped, frame k at sample k * ratio) and interpolated
// linearly between frames.
class StereoStage {
 public:
  StereoStage(Stereo mode, int in_channels, std::vector<double> azimuth_per_frame, int ratio,
              double width = 1.0);
  int out_channels() const { return out_channels_; }
  // in: interleaved in_channels; out: interleaved out_channels, resized.
  void process(const float* in, std::int64_t frames, std::vector<float>& out);

 private:
  Stereo mode_;
  int in_channels_, out_channels_;
  std::vector<double> azimuth_;
  int ratio_;
  double width_;
  std::int64_t pos_ = 0;
};

}  // namespace lw::render
