// Sample-rate conversion through libsamplerate (BSD-2).
#pragma once
#include "audio/audio_file.hpp"

namespace lw::audio {

// Converts `in` to `rate` Hz with libsamplerate's best sinc converter.
Buffer resample(const Buffer& in, int rate);

}  // namespace lw::audio
