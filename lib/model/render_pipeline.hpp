// The whole chain from latents to an audio file: block decoding, stereo from
// azimuth, rate conversion, normalisation, writing. Shared by the walk, audio
// and prior modes of lw-render; memory is bounded by the block size.
#pragma once
#include <cstdint>
#include <vector>

#include "model/block_decoder.hpp"
#include "model/latent_model.hpp"
#include "render/mapping.hpp"
#include "render/output.hpp"

namespace lw::model {

struct RenderJob {
  std::vector<float> latents;  // planar [latent][frames]
  std::int64_t frames = 0;
  std::vector<double> azimuth;  // per latent frame, unwrapped (may be empty)
  render::Stereo stereo = render::Stereo::None;
  double stereo_width = 0.7;
  render::BlockSpec blocks;
  std::int64_t out_frames = 0;  // at the model's rate; <= frames * ratio
  DecodeRuntime runtime;        // decode threads and seed
};

render::OutputSummary render_to_file(LatentModel& model, const RenderJob& job,
                                     const render::OutputOptions& output, const ProgressFn& progress = {});

}  // namespace lw::model
