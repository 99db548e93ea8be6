#include "audio/resample.hpp"

#include <samplerate.h>

#include <cmath>

#include "core/error.hpp"

namespace lw::audio {

Buffer resample(const Buffer& in, int rate, const std::string& source) {
  if (rate <= 0) fail_usage("sample rate must be positive, got " + std::to_string(rate));
  if (rate == in.sample_rate || in.samples.empty()) {
    Buffer out = in;
    out.sample_rate = rate;
    return out;
  }
  const double ratio = double(rate) / in.sample_rate;
  if (!src_is_valid_ratio(ratio)) {
    const std::string what = "cannot convert " + std::to_string(in.sample_rate) + " Hz to " + std::to_string(rate) +
                             " Hz (libsamplerate converts ratios between 1/256 and 256)";
    if (source.empty()) fail_usage(what);
    fail_input(source, what);
  }
  const long exact = std::lround(double(in.frames()) * ratio);
  Buffer out;
  out.sample_rate = rate;
  out.channels = in.channels;
  const long out_frames = exact + 16;
  out.samples.resize(static_cast<std::size_t>(out_frames) * in.channels);
  SRC_DATA d{};
  d.data_in = in.samples.data();
  d.input_frames = static_cast<long>(in.frames());
  d.data_out = out.samples.data();
  d.output_frames = out_frames;
  d.src_ratio = ratio;
  int err = src_simple(&d, SRC_SINC_BEST_QUALITY, in.channels);
  if (err) fail_internal(std::string("resampling failed: ") + src_strerror(err));
  // src_simple may give one frame more or less than the exact length.
  (void)d.output_frames_gen;
  out.samples.resize(static_cast<std::size_t>(exact) * in.channels, 0.0f);
  return out;
}

}  // namespace lw::audio
