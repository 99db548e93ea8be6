#include "model/block_decoder.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "model/torch_runtime.hpp"
#include "test_models.hpp"

using namespace lw;
using namespace lw::model;

namespace {

// A smooth latent path: planar [latent][frames].
std::vector<float> smooth_latents(int latent, std::int64_t frames, double speed = 0.05) {
  std::vector<float> z(std::size_t(latent * frames));
  for (int d = 0; d < latent; ++d)
    for (std::int64_t f = 0; f < frames; ++f)
      z[std::size_t(d * frames + f)] = float(2.5 * std::sin(speed * double(f) * (1 + 0.3 * d) + d));
  return z;
}

std::vector<float> decode_all(LatentModel& m, const std::vector<float>& z, std::int64_t frames,
                              render::BlockSpec spec, DecodeRuntime rt = {}) {
  std::vector<float> out;
  decode_blocks(
      m, z, frames, spec, [&](const float* p, std::int64_t n) { out.insert(out.end(), p, p + n * m.channels()); },
      {}, rt);
  return out;
}

double max_abs_diff(const std::vector<float>& a, const std::vector<float>& b, std::size_t from = 0,
                    std::size_t to = SIZE_MAX) {
  double d = 0;
  for (std::size_t i = from; i < std::min({a.size(), b.size(), to}); ++i) d = std::max(d, double(std::fabs(a[i] - b[i])));
  return d;
}

double rms(const std::vector<float>& a) {
  double s = 0;
  for (float v : a) s += double(v) * v;
  return std::sqrt(s / double(a.size()));
}

}  // namespace

TEST(BlockDecoder, BlocksMatchAOneShotDecodeOfADeterministicModel) {
  for (const char* file : {"v1-mono-512.ts", "v2-stereo-2048.ts"}) {
    auto m = LatentModel::load(test::test_model(file));
    const std::int64_t frames = 100;
    auto z = smooth_latents(m.latent_size(), frames);
    auto one = decode_all(m, z, frames, {frames, 0});
    ASSERT_EQ(one.size(), std::size_t(frames * m.ratio() * m.channels()));
    for (render::BlockSpec spec : {render::BlockSpec{16, 8}, render::BlockSpec{32, 4}, render::BlockSpec{40, 12}}) {
      auto blocks = decode_all(m, z, frames, spec);
      ASSERT_EQ(blocks.size(), one.size());
      EXPECT_LT(max_abs_diff(one, blocks), 1e-5) << file << " block " << spec.block << " overlap " << spec.overlap;
    }
    // Without overlap the edges are wrong (the decoder sees no context): the
    // comparison above can fail.
    auto hard = decode_all(m, z, frames, {16, 0});
    EXPECT_GT(max_abs_diff(one, hard), 1e-3) << file;
  }
}

TEST(BlockDecoder, BuiltinVoicePhaseIsContinuousAcrossBlocks) {
  // A voiced, slowly gliding voice: blocks and one-shot differ only by the
  // (random) breath noise, never by phase jumps of the harmonics.
  auto m = LatentModel::load("builtin:voices");
  const std::int64_t frames = 200;
  auto z = smooth_latents(8, frames, 0.02);
  for (std::int64_t f = 0; f < frames; ++f) z[std::size_t(2 * frames + f)] = 3.0f;  // voiced
  auto one = decode_all(m, z, frames, {frames, 0}, {1, 1, true});
  auto blocks = decode_all(m, z, frames, {32, 8}, {1, 1, true});
  std::vector<float> diff(one.size());
  for (std::size_t i = 0; i < one.size(); ++i) diff[i] = one[i] - blocks[i];
  EXPECT_LT(rms(diff), 0.12 * rms(one));
}

TEST(BlockDecoder, SameSeedSameSamplesOtherSeedOthers) {
  auto m = LatentModel::load("builtin:voices");
  const std::int64_t frames = 60;
  auto z = smooth_latents(8, frames);
  for (int threads : {1, 2}) {
    auto a = decode_all(m, z, frames, {16, 4}, {threads, 42, true});
    auto b = decode_all(m, z, frames, {16, 4}, {threads, 42, true});
    auto c = decode_all(m, z, frames, {16, 4}, {threads, 43, true});
    EXPECT_EQ(a, b) << threads << " threads";
    EXPECT_NE(a, c);
  }
}

TEST(BlockDecoder, SameBytesForEveryThreadCount) {
  // Models that draw random values in decode (built-in voices, a RAVE-like
  // noisy decoder): blocks decoded on 1, 2, 3 and 4 threads, several seeds.
  for (const char* spec : {"builtin:voices", "v2-mono-full.ts", "v2-stereo-2048.ts"}) {
    auto m = LatentModel::load(std::string(spec).rfind("builtin:", 0) == 0 ? std::string(spec) : test::test_model(spec));
    EXPECT_TRUE(m.parallel_decode()) << spec << ": " << m.decode_note();
    EXPECT_FALSE(m.streaming()) << spec;
    const std::int64_t frames = 90;
    auto z = smooth_latents(m.latent_size(), frames);
    for (std::uint64_t seed : {0u, 7u, 123456u}) {
      auto one = decode_all(m, z, frames, {12, 4}, {1, seed, true});
      for (int threads : {2, 3, 4}) EXPECT_EQ(decode_all(m, z, frames, {12, 4}, {threads, seed, true}), one)
          << spec << " seed " << seed << " threads " << threads;
    }
  }
}

TEST(BlockDecoder, OneBlockDrawsWhatTorchManualSeedDraws) {
  // Block 0 is decoded with the render's seed: a one-block render equals
  // torch::manual_seed(seed) then the module's own decode.
  for (const char* spec : {"builtin:voices", "v2-mono-full.ts"}) {
    auto m = LatentModel::load(std::string(spec).rfind("builtin:", 0) == 0 ? std::string(spec) : test::test_model(spec));
    const std::int64_t frames = 40;
    auto z = smooth_latents(m.latent_size(), frames);
    for (std::uint64_t seed : {0u, 5u, 99u}) {
      auto blocks = decode_all(m, z, frames, {frames, 0}, {1, seed, true});
      seed_torch(seed);
      auto y = m.decode(torch::from_blob(z.data(), {1, m.latent_size(), frames}, torch::kFloat).clone());
      std::vector<float> ref(std::size_t(y.numel()));
      for (std::int64_t i = 0; i < y.size(2); ++i)
        for (int c = 0; c < m.channels(); ++c) ref[std::size_t(i * m.channels() + c)] = y[0][c][i].item<float>();
      EXPECT_EQ(blocks, ref) << spec << " seed " << seed;
    }
  }
}

TEST(BlockDecoder, EncodeInBlocks) {
  auto m = LatentModel::load("builtin:voices");
  std::vector<float> audio(48000 * 2);
  for (std::size_t i = 0; i < audio.size(); ++i) audio[i] = float(0.3 * std::sin(2 * M_PI * 220 * double(i) / 48000));
  std::int64_t frames = 0;
  auto z = encode_blocks(m, audio.data(), std::int64_t(audio.size()), 1, 16, frames);
  EXPECT_EQ(frames, (96000 + 2047) / 2048);
  ASSERT_EQ(z.size(), std::size_t(8 * frames));
  for (float v : z) {
    EXPECT_TRUE(std::isfinite(v));
    EXPECT_LE(std::fabs(v), 3.0f);
  }
  // A steady sine gives steady latents (apart from the zero-padded last frame).
  EXPECT_NEAR(z[3], z[10], 0.05);
}

TEST(BlockDecoder, StreamingExportLinesUpWithItsNonStreamingTwin) {
  // A cached-convolution export decoded in order from its load state, its
  // delay skipped, equals its non-streaming twin decoded in one call (apart
  // from the last `delay` samples: the twin sees zero padding past the end,
  // the stream the last frame held). --block/--overlap/--threads change nothing.
  for (auto [stream_file, twin_file] : {std::pair{"streaming-512.ts", "twin-512.ts"}, std::pair{"streaming-256.ts", "twin-256.ts"}}) {
    auto stream = LatentModel::load(test::test_model(stream_file));
    auto twin = LatentModel::load(test::test_model(twin_file));
    ASSERT_TRUE(stream.streaming());
    const std::int64_t frames = 50;
    auto z = smooth_latents(stream.latent_size(), frames, 0.3);
    auto ref = decode_all(twin, z, frames, {frames, 0});
    const std::size_t cmp_to = ref.size() - std::size_t(stream.delay());
    std::vector<float> first;
    for (render::BlockSpec spec : {render::BlockSpec{16, 8}, render::BlockSpec{7, 3}, render::BlockSpec{frames, 0}}) {
      for (int threads : {1, 2}) {
        auto out = decode_all(stream, z, frames, spec, {threads, 3, true});
        ASSERT_EQ(out.size(), ref.size());
        EXPECT_LT(max_abs_diff(ref, out, 0, cmp_to), 1e-5) << stream_file << " block " << spec.block;
        if (first.empty()) first = out;
        EXPECT_LT(max_abs_diff(first, out), 1e-5);  // each render starts from the load state
      }
    }
    auto late = decode_all(stream, z, frames, {16, 0}, {1, 3, false});  // without compensation: late by the delay
    EXPECT_GT(max_abs_diff(ref, late, 0, cmp_to), 1e-2) << stream_file;
    for (std::size_t i = 0; i + std::size_t(stream.delay()) < cmp_to; i += 97)
      EXPECT_NEAR(late[i + std::size_t(stream.delay())], ref[i], 1e-5) << stream_file << " sample " << i;
  }
}

TEST(BlockDecoder, StreamingWithNoiseIsDeterministic) {
  auto m = LatentModel::load(test::test_model("streaming-noisy.ts"));
  const std::int64_t frames = 30;
  auto z = smooth_latents(m.latent_size(), frames);
  auto a = decode_all(m, z, frames, {8, 2}, {1, 11, true});
  EXPECT_EQ(decode_all(m, z, frames, {8, 2}, {2, 11, true}), a);
  EXPECT_NE(decode_all(m, z, frames, {8, 2}, {1, 12, true}), a);
}

TEST(BlockDecoder, NonFiniteOutputNamesTheModelAndTheFrame) {
  auto m = LatentModel::load(test::test_model("nan.ts"));
  const std::int64_t frames = 20;
  auto z = smooth_latents(m.latent_size(), frames);
  for (int threads : {1, 2}) {
    try {
      decode_all(m, z, frames, {threads == 1 ? frames : 8, 0}, {threads, 0, true});
      FAIL() << "NaN output accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Exit::BadInput);
      const std::string what = e.what();
      EXPECT_NE(what.find("nan.ts"), std::string::npos) << what;
      EXPECT_NE(what.find("NaN at latent frame 5 (t = 0.053 s, output sample 2577)"), std::string::npos) << what;
    }
  }
}
