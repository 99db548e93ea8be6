#include "model/block_decoder.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace lw::model {

void decode_blocks(LatentModel& model, const std::vector<float>& latents, std::int64_t frames,
                   const render::BlockSpec& spec, const AudioSink& sink, const ProgressFn& progress) {
  const int latent = model.latent_size();
  const int ch = model.channels();
  const std::int64_t r = model.ratio();
  if (std::int64_t(latents.size()) != latent * frames) fail_internal("decode_blocks: latent buffer size");
  const auto blocks = render::plan_blocks(frames, spec);
  std::vector<float> audio, tail;
  for (std::size_t bi = 0; bi < blocks.size(); ++bi) {
    const auto& b = blocks[bi];
    const std::int64_t n = b.end - b.start;
    auto z = torch::empty({1, latent, n}, torch::kFloat);
    float* zp = z.data_ptr<float>();
    for (int d = 0; d < latent; ++d)
      std::copy_n(latents.data() + d * frames + b.start, n, zp + d * n);
    auto y = model.decode(z);  // [1, ch, n * r], shape checked
    const float* yp = y.data_ptr<float>();
    const std::int64_t samples = n * r;
    audio.resize(std::size_t(samples * ch));
    for (std::int64_t i = 0; i < samples; ++i)
      for (int c = 0; c < ch; ++c) audio[std::size_t(i * ch + c)] = yp[c * samples + i];

    const std::int64_t off = b.start * r;
    std::int64_t from = b.start * r;
    if (bi > 0) {
      const std::int64_t fs = b.fade_in_start * r, fe = b.fade_in_end * r;
      float* mine = audio.data() + (fs - off) * ch;
      const std::size_t len = std::size_t(fe - fs);
      const double rho = render::segment_correlation(tail.data(), mine, len * std::size_t(ch));
      for (std::size_t i = 0; i < len; ++i) {
        float ga, gb;
        render::crossfade_gains(i, len, rho, ga, gb);
        for (int c = 0; c < ch; ++c) {
          auto k = i * std::size_t(ch) + std::size_t(c);
          mine[k] = ga * tail[k] + gb * mine[k];
        }
      }
      from = fs;
    }
    const bool last = bi + 1 == blocks.size();
    const std::int64_t to = (last ? b.end : b.fade_out_start) * r;
    sink(audio.data() + (from - off) * ch, to - from);
    if (!last)
      tail.assign(audio.begin() + (b.fade_out_start * r - off) * ch, audio.begin() + (b.fade_out_end * r - off) * ch);
    if (progress) progress(b.end, frames);
  }
}

std::vector<float> encode_blocks(LatentModel& model, const float* audio, std::int64_t audio_frames,
                                 int channels, std::int64_t block, std::int64_t& frames_out) {
  const auto& p = model.params("encode");
  const std::int64_t r = p.out_ratio;
  const int latent = p.out_channels;
  const std::int64_t frames = (audio_frames + r - 1) / r;
  frames_out = frames;
  std::vector<float> out(std::size_t(latent * frames));
  block = std::max<std::int64_t>(1, block);
  for (std::int64_t start = 0; start < frames; start += block) {
    const std::int64_t n = std::min(block, frames - start);
    auto x = torch::zeros({1, p.in_channels, n * r}, torch::kFloat);
    float* xp = x.data_ptr<float>();
    for (std::int64_t i = 0; i < n * r; ++i) {
      const std::int64_t src = start * r + i;
      if (src >= audio_frames) break;
      for (int c = 0; c < p.in_channels; ++c) {
        // Mix or spread channels to what the encoder takes.
        float v;
        if (channels == p.in_channels) {
          v = audio[src * channels + c];
        } else {
          v = 0;
          for (int k = 0; k < channels; ++k) v += audio[src * channels + k];
          v /= float(channels);
        }
        xp[c * n * r + i] = v;
      }
    }
    auto z = model.call("encode", x);  // [1, latent, n]
    const float* zp = z.data_ptr<float>();
    for (int d = 0; d < latent; ++d) std::copy_n(zp + d * n, n, out.data() + d * frames + start);
  }
  return out;
}

}  // namespace lw::model
