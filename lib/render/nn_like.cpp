#include "render/nn_like.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "render/panning.hpp"

namespace lw::render {

NnLikePlan plan_nn_like(const NnLikeSpec& spec, int ratio) {
  if (spec.vector < 1 || (spec.vector & (spec.vector - 1)) != 0 || spec.vector > 8192)
    fail_usage("--vector must be a power of two from 1 to 8192 (Max's signal vector size)");
  if (spec.buffer < 0 || spec.buffer > (1 << 20)) fail_usage("--buffer must be 0 to 1048576 samples");
  NnLikePlan p;
  if (spec.buffer == 0) {
    p.threaded = false;
    p.buffer = ratio;
  } else if (spec.buffer < ratio) {
    p.buffer = ratio;  // nn~: "buffer size too small, switching to" the highest ratio
  } else {
    unsigned b = 1;
    while (b < unsigned(spec.buffer)) b <<= 1;  // nn~'s power_ceil
    p.buffer = int(b);
  }
  if (p.buffer % ratio != 0)
    fail_usage("nn~'s buffer of " + std::to_string(p.buffer) + " samples is not a multiple of the ratio " +
               std::to_string(ratio));
  if (p.buffer % spec.vector != 0 && spec.vector < p.buffer)
    fail_usage("--vector " + std::to_string(spec.vector) + " does not divide the buffer of " +
               std::to_string(p.buffer) + " samples");
  const int v = std::min(spec.vector, p.buffer);
  p.delay = (p.threaded ? 2 * std::int64_t(p.buffer) : std::int64_t(p.buffer)) - v;
  p.frames_per_call = p.buffer / ratio;
  return p;
}

std::vector<std::size_t> held_frames(const walk::Trajectory& walk, int sample_rate, int ratio, std::int64_t frames) {
  std::vector<std::size_t> out(std::size_t(std::max<std::int64_t>(frames, 0)), 0);
  if (walk.frames.empty()) return out;
  const double t0 = walk.frames.front().t;
  std::size_t k = 0;
  for (std::int64_t j = 0; j < frames; ++j) {
    const std::int64_t sample = (j + 1) * ratio - 1;
    // frame time <= sample / rate, compared in samples to avoid rounding at
    // an arrival exactly on a sample
    while (k + 1 < walk.frames.size() && (walk.frames[k + 1].t - t0) * sample_rate <= double(sample)) ++k;
    out[std::size_t(j)] = k;
  }
  return out;
}

std::int64_t nn_like_latent_frames(const NnLikePlan& plan, int ratio, std::int64_t out_frames) {
  const std::int64_t model_samples = std::max<std::int64_t>(0, out_frames - plan.delay);
  const std::int64_t calls = (model_samples + plan.buffer - 1) / plan.buffer;
  (void)ratio;
  return std::max<std::int64_t>(1, calls) * plan.frames_per_call;
}

OutputSummary render_nn_like(const NnLikePlan& plan, const NnLikeJob& job, int channels, int ratio, int sample_rate,
                             const OutputOptions& output, const DecodeCall& decode,
                             const std::function<void(std::int64_t, std::int64_t)>& progress) {
  if (job.frames % plan.frames_per_call != 0 || std::int64_t(job.latents.size()) != job.frames * job.latent)
    fail_internal("render_nn_like: latents are not whole calls");
  StereoStage stereo(job.stereo, channels, job.azimuth, ratio, job.stereo_width);
  OutputStage out(output, sample_rate, stereo.out_channels(), job.out_frames);
  std::vector<float> panned, audio, z;
  std::int64_t written = 0;
  auto emit = [&](const float* data, std::int64_t n) {
    n = std::min(n, job.out_frames - written);
    if (n <= 0) return;
    stereo.process(data, n, panned);
    out.write(panned.data(), n);
    written += n;
  };
  // nn~'s output before its first result: silence
  {
    std::vector<float> silence(std::size_t(std::min<std::int64_t>(plan.delay, 1 << 16)) * std::size_t(channels), 0.f);
    for (std::int64_t left = plan.delay; left > 0 && written < job.out_frames;) {
      const std::int64_t n = std::min<std::int64_t>(left, std::int64_t(silence.size()) / channels);
      emit(silence.data(), n);
      left -= n;
    }
  }
  const std::int64_t n = plan.frames_per_call;
  for (std::int64_t start = 0; start < job.frames && written < job.out_frames; start += n) {
    z.resize(std::size_t(job.latent * n));
    for (int d = 0; d < job.latent; ++d)
      std::copy_n(job.latents.data() + d * job.frames + start, n, z.data() + d * n);
    decode(z.data(), n, audio);
    if (std::int64_t(audio.size()) != n * ratio * channels) fail_internal("render_nn_like: decode size");
    emit(audio.data(), n * ratio);
    if (progress) progress(start + n, job.frames);
  }
  if (written < job.out_frames) fail_internal("render_nn_like: too few latent frames");
  return out.finish();
}

}  // namespace lw::render
