#include "model/latent_model.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "model/builtin_models.hpp"
#include "test_models.hpp"

using namespace lw;
using namespace lw::model;

namespace {
void expect_refused(const std::string& file, const std::string& part) {
  try {
    LatentModel::load(test::test_model(file));
    FAIL() << file << " loaded; expected an error mentioning '" << part << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput) << e.what();
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << "message names the file: " << e.what();
  }
}
}  // namespace

TEST(LatentModel, V1AttributesMono512) {
  auto m = LatentModel::load(test::test_model("v1-mono-512.ts"));
  EXPECT_EQ(m.sample_rate(), 44100);
  EXPECT_EQ(m.sample_rate_source(), "sampling_rate");
  EXPECT_EQ(m.latent_size(), 8);
  EXPECT_EQ(m.ratio(), 512);
  EXPECT_EQ(m.channels(), 1);
  EXPECT_NEAR(m.frame_rate(), 44100.0 / 512, 1e-9);
  EXPECT_EQ(m.methods(), std::vector<std::string>{"decode"});  // no get_methods: from buffers
  auto y = m.decode(torch::zeros({1, 8, 10}));
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{1, 1, 5120}));
}

TEST(LatentModel, V2AttributesStereo2048) {
  auto m = LatentModel::load(test::test_model("v2-stereo-2048.ts"));
  EXPECT_EQ(m.sample_rate(), 48000);
  EXPECT_EQ(m.sample_rate_source(), "sr");
  EXPECT_EQ(m.latent_size(), 4);
  EXPECT_EQ(m.ratio(), 2048);
  EXPECT_EQ(m.channels(), 2);
  auto y = m.decode(torch::randn({1, 4, 3}));
  EXPECT_EQ(y.sizes(), (std::vector<int64_t>{1, 2, 6144}));
}

TEST(LatentModel, GetMethodsEncodeAndPrior) {
  auto m = LatentModel::load(test::test_model("v2-mono-full.ts"));
  EXPECT_EQ(m.methods(), (std::vector<std::string>{"encode", "decode", "prior"}));
  const auto& e = m.params("encode");
  EXPECT_EQ(e.in_channels, 1);
  EXPECT_EQ(e.in_ratio, 1);
  EXPECT_EQ(e.out_channels, 8);
  EXPECT_EQ(e.out_ratio, 2048);
  auto z = m.call("encode", torch::randn({1, 1, 2048 * 5}));
  EXPECT_EQ(z.sizes(), (std::vector<int64_t>{1, 8, 5}));
  auto p = m.call("prior", torch::ones({1, 1, 7}));
  EXPECT_EQ(p.sizes(), (std::vector<int64_t>{1, 8, 7}));
}

TEST(LatentModel, BrokenModelsAreRefusedWithAReason) {
  expect_refused("not-torchscript.ts", "not a TorchScript model");
  expect_refused("no-decode.ts", "no 'decode' method");
  expect_refused("bad-params.ts", "inconsistent params: 'decode_params' has 3 values");
  expect_refused("bad-shape.ts", "decode() returned shape [1, 1, 4096]");
  expect_refused("no-rate.ts", "no sample rate");
  expect_refused("decode-fails.ts", "decode() failed");
  expect_refused("does-not-exist.ts", "cannot open");
}

TEST(LatentModel, MissingMethodIsAnInputError) {
  auto m = LatentModel::load(test::test_model("v1-mono-512.ts"));
  EXPECT_FALSE(m.has_method("prior"));
  try {
    m.params("prior");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("no 'prior' method"), std::string::npos);
  }
}

TEST(LatentModel, BuiltinsFollowTheContract) {
  for (const auto& name : builtin_names()) {
    auto m = LatentModel::load(name);
    EXPECT_EQ(m.sample_rate(), 48000);
    EXPECT_EQ(m.sample_rate_source(), "sr");
    EXPECT_EQ(m.latent_size(), 8);
    EXPECT_EQ(m.ratio(), 2048);
    EXPECT_EQ(m.channels(), name == "builtin:voices" ? 1 : 2);
    EXPECT_TRUE(m.has_method("encode"));
    EXPECT_TRUE(m.has_method("prior"));
    EXPECT_FALSE(m.bytes().empty());
    // The same bytes load through the file path as well.
    auto path = test::temp_file(name.substr(8) + ".ts");
    std::ofstream(path, std::ios::binary) << m.bytes();
    auto f = LatentModel::load(path);
    EXPECT_EQ(f.sha256(), m.sha256());
  }
  EXPECT_THROW(LatentModel::load("builtin:nope"), Error);
}

TEST(LatentModel, BuiltinsAreTheSameEveryTime) {
  EXPECT_EQ(builtin_model_bytes("builtin:voices"), builtin_model_bytes("builtin:voices"));
}

TEST(LatentModel, StreamingExportsAreDetectedWithTheirDelay) {
  // Cached-padding (streaming) test exports with delays of 64 and 300
  // samples; their non-streaming twins and the other models are not streaming.
  for (auto [file, delay] : {std::pair{"streaming-512.ts", 64}, std::pair{"streaming-256.ts", 300}}) {
    auto m = LatentModel::load(test::test_model(file));
    EXPECT_TRUE(m.streaming()) << file;
    EXPECT_EQ(m.cached_paddings(), 1) << file;
    EXPECT_EQ(m.delay(), delay) << file;
    EXPECT_FALSE(m.parallel_decode()) << file;
  }
  // An asymmetric kernel: the centroid estimate is near, not exact.
  auto noisy = LatentModel::load(test::test_model("streaming-noisy.ts"));
  EXPECT_TRUE(noisy.streaming());
  EXPECT_NEAR(double(noisy.delay()), 64, 8);
  for (const char* file : {"twin-512.ts", "twin-256.ts", "v2-mono-full.ts", "v1-mono-512.ts"}) {
    auto m = LatentModel::load(test::test_model(file));
    EXPECT_FALSE(m.streaming()) << file;
    EXPECT_EQ(m.delay(), 0) << file;
    EXPECT_TRUE(m.parallel_decode()) << file << ": " << m.decode_note();
  }
}
