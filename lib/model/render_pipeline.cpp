#include "model/render_pipeline.hpp"

#include "render/panning.hpp"

namespace lw::model {

render::OutputSummary render_to_file(LatentModel& model, const RenderJob& job,
                                     const render::OutputOptions& output, const ProgressFn& progress) {
  render::StereoStage stereo(job.stereo, model.channels(), job.azimuth, model.ratio(), job.stereo_width);
  render::OutputStage out(output, model.sample_rate(), stereo.out_channels(), job.out_frames);
  std::vector<float> panned;
  decode_blocks(
      model, job.latents, job.frames, job.blocks,
      [&](const float* data, std::int64_t n) {
        stereo.process(data, n, panned);
        out.write(panned.data(), n);
      },
      progress, job.runtime);
  return out.finish();
}

}  // namespace lw::model
