#include "audio/resample.hpp"

#include <samplerate.h>

#include <cmath>

#include "core/error.hpp"

namespace lw::audio {

Buffer resample(const Buffer& in, int rate) {
  if (rate <= 0) fail_usage("sample rate must be positive, got " + std::to_string(rate));
  if (rate == in.sample_rate || in.samples.empty()) {
    Buffer out = in;
    out.sample_rate = rate;
    return out;
  }
  const double ratio = double(rate) / in.sample_rate;
  Buffer out;
  out.sample_rate = rate;
  out.channels = in.channels;
  const long out_frames = static_cast<long>(std::ceil(in.frames() * ratio)) + 16;
  out.samples.resize(static_cast<std::size_t>(out_frames) * in.channels);
  SRC_DATA d{};
  d.data_in = in.samples.data();
  d.input_frames = static_cast<long>(in.frames());
  d.data_out = out.samples.data();
  d.output_frames = out_frames;
  d.src_ratio = ratio;
  int err = src_simple(&d, SRC_SINC_BEST_QUALITY, in.channels);
  if (err) fail_internal(std::string("resampling failed: ") + src_strerror(err));
  out.samples.resize(static_cast<std::size_t>(d.output_frames_gen) * in.channels);
  return out;
}

}  // namespace lw::audio
