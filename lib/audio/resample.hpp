// Sample-rate conversion through libsamplerate (BSD-2).
#pragma once
#include <string>

#include "audio/audio_file.hpp"

namespace lw::audio {

// Converts `in` to `rate` Hz with libsamplerate's best sinc converter; the
// result has exactly round(frames * rate / in.sample_rate) frames. A ratio
// libsamplerate cannot convert (beyond 1/256..256) is an input error naming
// `source` (the file the buffer came from, when given).
Buffer resample(const Buffer& in, int rate, const std::string& source = "");

}  // namespace lw::audio
