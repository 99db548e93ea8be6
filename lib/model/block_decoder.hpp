// Block-wise decoding of a latent sequence (the driver around
// LatentModel::decode): blocks of latent frames overlap and are cross-faded
// (render/block_plan.hpp), each finished stretch of audio is handed to a
// sink at once, so memory depends on the block size, not the duration.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "model/latent_model.hpp"
#include "render/block_plan.hpp"

namespace lw::model {

// (interleaved samples, frames)
using AudioSink = std::function<void(const float*, std::int64_t)>;
// (latent frames done, total)
using ProgressFn = std::function<void(std::int64_t, std::int64_t)>;

// latents: planar [latent_size][frames]. Emits frames * ratio audio frames
// of model.channels() channels, in order.
void decode_blocks(LatentModel& model, const std::vector<float>& latents, std::int64_t frames,
                   const render::BlockSpec& spec, const AudioSink& sink, const ProgressFn& progress = {});

// Encodes audio (interleaved, `channels` channels at the model's rate) into
// planar latents [latent][frames], in blocks of `block` latent frames (the
// encoder runs on whole blocks; frames = audio frames / ratio, rounded up
// with zero padding).
std::vector<float> encode_blocks(LatentModel& model, const float* audio, std::int64_t audio_frames,
                                 int channels, std::int64_t block, std::int64_t& frames_out);

}  // namespace lw::model
