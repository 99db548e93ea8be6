#include "render/output.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "audio/audio_file.hpp"

using namespace lw;
using namespace lw::render;

namespace {
std::string temp_path(const std::string& name) {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("lw-render-output-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  static struct Cleanup {
    std::filesystem::path path;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } cleanup{dir};
  return (dir / name).string();
}

void feed(OutputStage& out, int rate, double seconds, float amp, int channels) {
  const std::int64_t n = std::int64_t(rate * seconds);
  std::vector<float> block(std::size_t(1000 * channels));
  for (std::int64_t i = 0; i < n; i += 1000) {
    const std::int64_t k = std::min<std::int64_t>(1000, n - i);
    for (std::int64_t j = 0; j < k; ++j)
      for (int c = 0; c < channels; ++c)
        block[std::size_t(j * channels + c)] = amp * float(std::sin(2 * M_PI * 440 * double(i + j) / rate));
    out.write(block.data(), k);
  }
}
}  // namespace

TEST(Output, TrimsToTheRequestedLength) {
  OutputOptions o;
  o.path = temp_path("trim.wav");
  OutputStage out(o, 48000, 2, 30000);
  feed(out, 48000, 1.0, 0.5f, 2);
  auto s = out.finish();
  EXPECT_EQ(s.frames, 30000);
  auto b = audio::read_all(o.path);
  EXPECT_EQ(b.frames(), 30000);
  EXPECT_EQ(b.channels, 2);
}

TEST(Output, NormalizesThePeakInTwoPasses) {
  OutputOptions o;
  o.path = temp_path("norm.wav");
  o.normalize_dbfs = -6.0;
  OutputStage out(o, 48000, 1, 48000);
  feed(out, 48000, 1.0, 0.1f, 1);
  auto s = out.finish();
  EXPECT_NEAR(s.peak, 0.1, 1e-3);
  auto b = audio::read_all(o.path);
  float peak = 0;
  for (float v : b.samples) peak = std::max(peak, std::fabs(v));
  EXPECT_NEAR(peak, std::pow(10.0, -6.0 / 20), 1e-4);
}

TEST(Output, ConvertsTheRateStreamed) {
  OutputOptions o;
  o.path = temp_path("rate.flac");
  o.rate = 44100;
  o.format = audio::SampleFormat::Pcm16;
  OutputStage out(o, 48000, 1, 96000);
  feed(out, 48000, 2.0, 0.5f, 1);
  auto s = out.finish();
  EXPECT_EQ(s.rate, 44100);
  EXPECT_NEAR(double(s.frames), 88200, 2);
  auto b = audio::read_all(o.path);
  EXPECT_EQ(b.sample_rate, 44100);
  // Still a 440 Hz sine of amplitude 0.5 in the middle.
  float peak = 0;
  for (std::size_t i = 20000; i < 60000; ++i) peak = std::max(peak, std::fabs(b.samples[i]));
  EXPECT_NEAR(peak, 0.5, 0.01);
}
