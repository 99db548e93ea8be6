#include "render/panning.hpp"

#include <cmath>

#include "core/error.hpp"

namespace lw::render {

PanGains pan_gains(double azimuth_deg, double width) {
  const double p = -width * std::sin(azimuth_deg * M_PI / 180);
  const double q = (p + 1) * M_PI / 4;
  return {float(std::cos(q)), float(std::sin(q))};
}

StereoStage::StereoStage(Stereo mode, int in_channels, std::vector<double> azimuth_per_frame, int ratio,
                         double width)
    : mode_(mode), in_channels_(in_channels), azimuth_(std::move(azimuth_per_frame)), ratio_(ratio), width_(width) {
  if (in_channels != 1 && in_channels != 2)
    fail_input("model", "outputs " + std::to_string(in_channels) + " channels; only mono and stereo models can be rendered");
  if (mode == Stereo::Pan && in_channels != 1)
    fail_usage("stereo: pan is for mono models; this model is stereo (use rotate or none)");
  if (mode == Stereo::Rotate && in_channels != 2)
    fail_usage("stereo: rotate is for stereo models; this model is mono (use pan or none)");
  out_channels_ = mode == Stereo::None ? in_channels : 2;
  if (azimuth_.empty()) azimuth_.push_back(0);
}

void StereoStage::process(const float* in, std::int64_t frames, std::vector<float>& out) {
  out.resize(std::size_t(frames * out_channels_));
  if (mode_ == Stereo::None) {
    std::copy(in, in + frames * in_channels_, out.begin());
    pos_ += frames;
    return;
  }
  const std::int64_t last = std::int64_t(azimuth_.size()) - 1;
  for (std::int64_t i = 0; i < frames; ++i, ++pos_) {
    const double fpos = double(pos_) / ratio_;
    std::int64_t k = std::int64_t(fpos);
    double az;
    if (k >= last) {
      az = azimuth_[std::size_t(last)];
    } else {
      const double u = fpos - double(k);
      az = (1 - u) * azimuth_[std::size_t(k)] + u * azimuth_[std::size_t(k + 1)];
    }
    const auto g = pan_gains(az, width_);
    if (mode_ == Stereo::Pan) {
      out[std::size_t(2 * i)] = g.left * in[i];
      out[std::size_t(2 * i + 1)] = g.right * in[i];
    } else {
      const double mid = 0.5 * (in[2 * i] + in[2 * i + 1]);
      // width 1: the side signal follows cos(azimuth) fully (swapped facing
      // away); smaller widths keep some of the original image.
      const double w = 1 - width_ * (1 - std::cos(az * M_PI / 180));
      const double side = 0.5 * (in[2 * i] - in[2 * i + 1]) * w;
      out[std::size_t(2 * i)] = float(M_SQRT2 * g.left * (mid + side));
      out[std::size_t(2 * i + 1)] = float(M_SQRT2 * g.right * (mid - side));
    }
  }
}

}  // namespace lw::render
