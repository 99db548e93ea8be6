// --like nn~: render as the nn~ external would have played the walk live in
// Max. Followed (acids-ircam/nn_tilde at ca97f82, read with the search
// tool's fetch; none of its code is copied):
//  - src/frontend/maxmsp/shared/nn_base.h: the buffer size is the 4th/3rd
//    argument (default DEFAULT_BUFFER_SIZE 4096), raised to the model's
//    highest ratio (get_higher_ratio) or else rounded up to a power of two
//    (power_ceil); 0 means no compute thread and a buffer of the highest
//    ratio.
//  - src/frontend/maxmsp/nn_tilde/nn_tilde.cpp, nn::perform: input vectors go
//    into a circular buffer; when it holds `buffer` samples, without thread
//    the model runs at once and its output is queued; with the thread (the
//    default) the previous call's output is queued and the new input handed
//    to the thread. The output of input block k therefore starts playing
//    `buffer - vector` samples (no thread) or `2 buffer - vector` samples
//    (thread) after that block's first input sample, where `vector` is Max's
//    signal vector size.
//  - src/backend/backend.cpp, Backend::perform: the block is reshaped to
//    [in_dim, batches, buffer / in_ratio, in_ratio] and the LAST sample of
//    each ratio-long piece is taken: latent frame j of the whole render is
//    the input signal at sample (j + 1) ratio - 1. The model is called on
//    buffer / ratio latent frames at a time, with no overlap or cross-fade.
// The walk reaches Max as messages held on signals (sig~): a value holds
// until the next frame arrives, no interpolation.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "render/mapping.hpp"
#include "render/output.hpp"
#include "walk/trajectory.hpp"

namespace lw::render {

struct NnLikeSpec {
  int buffer = 4096;  // samples, as given to nn~ (0 = no thread)
  int vector = 64;    // Max's signal vector size
};

struct NnLikePlan {
  int buffer = 0;           // effective buffer (samples)
  bool threaded = true;
  std::int64_t delay = 0;   // output samples before the first model sample
  int frames_per_call = 0;  // buffer / ratio latent frames per decode call
};

// nn~'s rules for the buffer size and its delay. Usage error when the
// vector size is not a power of two dividing the buffer.
NnLikePlan plan_nn_like(const NnLikeSpec& spec, int ratio);

// For each latent frame j (0..frames-1), the index of the walk frame nn~'s
// input holds at audio sample (j + 1) ratio - 1: the last frame whose time
// (from the walk's start) is at or before that sample's time.
std::vector<std::size_t> held_frames(const walk::Trajectory& walk, int sample_rate, int ratio, std::int64_t frames);

// Latent frames to decode for `out_frames` output samples: whole calls
// covering the output after the delay.
std::int64_t nn_like_latent_frames(const NnLikePlan& plan, int ratio, std::int64_t out_frames);

// (planar latents [latent][n], n) -> interleaved audio [n * ratio][channels]
using DecodeCall = std::function<void(const float*, std::int64_t, std::vector<float>&)>;

struct NnLikeJob {
  std::vector<float> latents;    // planar [latent][frames], frames = calls * frames_per_call
  int latent = 0;
  std::int64_t frames = 0;
  std::vector<double> azimuth;   // per latent frame of OUTPUT time (panning is live, after nn~)
  Stereo stereo = Stereo::None;
  double stereo_width = 0.7;
  std::int64_t out_frames = 0;
};

// Decodes call by call through `decode`, prepends the delay as silence,
// pans and writes.
OutputSummary render_nn_like(const NnLikePlan& plan, const NnLikeJob& job, int channels, int ratio, int sample_rate,
                             const OutputOptions& output, const DecodeCall& decode,
                             const std::function<void(std::int64_t, std::int64_t)>& progress = {});

}  // namespace lw::render
