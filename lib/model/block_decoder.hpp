// Block-wise decoding of a latent sequence (the driver around
// LatentModel::decode): blocks of latent frames overlap and are cross-faded
// (render/block_plan.hpp), each finished stretch of audio is handed to a
// sink at once, so memory depends on the block size, not the duration.
//
// Blocks of a stateless model are independent once the plan is fixed: with
// `threads` > 1 they are decoded by that many worker threads while the
// calling thread cross-fades and writes in order, at most 2 x threads
// blocks ahead of the writer (memory stays flat in duration). Block i draws
// its random values from its own seed (block_seed), so the output bytes are
// the same for every thread count. A streaming export (cached convolutions,
// LatentModel::streaming) is decoded in order from its load state, without
// overlap, and its internal delay is skipped so the audio lines up with the
// latent frames' times.
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

struct DecodeRuntime {
  int threads = 1;          // decode workers (models where parallel_decode())
  std::uint64_t seed = 0;   // block i is decoded with block_seed(seed, i)
  bool compensate_delay = true;  // streaming exports: skip LatentModel::delay() samples
};

// Seed of block i: the render's seed itself for the first block (so a
// one-block render is Python's torch.manual_seed(seed); m.decode(z)),
// a SplitMix64 mix of (seed, i) for the others (Steele, Lea & Flood,
// "Fast splittable pseudorandom number generators", OOPSLA 2014).
std::uint64_t block_seed(std::uint64_t seed, std::size_t block);

// latents: planar [latent_size][frames]. Emits frames * ratio audio frames
// of model.channels() channels, in order. A non-finite sample from the model
// is an input error naming the model and the latent frame.
void decode_blocks(LatentModel& model, const std::vector<float>& latents, std::int64_t frames,
                   const render::BlockSpec& spec, const AudioSink& sink, const ProgressFn& progress = {},
                   const DecodeRuntime& runtime = {});

// Encodes audio (interleaved, `channels` channels at the model's rate) into
// planar latents [latent][frames], in blocks of `block` latent frames (the
// encoder runs on whole blocks; frames = audio frames / ratio, rounded up
// with zero padding).
std::vector<float> encode_blocks(LatentModel& model, const float* audio, std::int64_t audio_frames,
                                 int channels, std::int64_t block, std::int64_t& frames_out);

}  // namespace lw::model
