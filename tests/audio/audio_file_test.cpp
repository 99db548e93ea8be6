#include "audio/audio_file.hpp"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace {
fs::path tmp(const std::string& name) {
  fs::path d = fs::temp_directory_path() / "lw_audio_test";
  fs::create_directories(d);
  return d / name;
}
lw::audio::Buffer sine(int rate, int channels, double seconds) {
  lw::audio::Buffer b;
  b.sample_rate = rate;
  b.channels = channels;
  const auto n = static_cast<std::size_t>(rate * seconds);
  for (std::size_t i = 0; i < n; ++i)
    for (int c = 0; c < channels; ++c)
      b.samples.push_back(static_cast<float>(0.5 * std::sin(2 * M_PI * 440.0 * (c + 1) * double(i) / rate)));
  return b;
}
}  // namespace

TEST(AudioFile, FloatWavRoundTripIsExact) {
  auto b = sine(48000, 2, 0.25);
  auto p = tmp("rt.wav");
  lw::audio::write_all(p.string(), b);
  auto back = lw::audio::read_all(p.string());
  EXPECT_EQ(back.sample_rate, 48000);
  EXPECT_EQ(back.channels, 2);
  EXPECT_EQ(back.samples, b.samples);
}

TEST(AudioFile, Pcm16IsWithinOneStep) {
  auto b = sine(44100, 1, 0.1);
  auto p = tmp("rt16.flac");
  lw::audio::write_all(p.string(), b, lw::audio::SampleFormat::Pcm16);
  auto back = lw::audio::read_all(p.string());
  ASSERT_EQ(back.samples.size(), b.samples.size());
  for (std::size_t i = 0; i < b.samples.size(); ++i) EXPECT_NEAR(back.samples[i], b.samples[i], 1.0 / 32768);
}

TEST(AudioFile, MixesToMonoInBlocks) {
  auto b = sine(8000, 2, 1.0);
  auto p = tmp("stereo.wav");
  lw::audio::write_all(p.string(), b);
  lw::audio::Reader r(p.string());
  std::vector<float> mono(300);
  std::int64_t total = 0, n;
  while ((n = r.read_mono(mono.data(), 300)) > 0) {
    for (std::int64_t i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(total + i) * 2;
      EXPECT_FLOAT_EQ(mono[static_cast<std::size_t>(i)], (b.samples[k] + b.samples[k + 1]) / 2);
    }
    total += n;
  }
  EXPECT_EQ(total, 8000);
}

TEST(AudioFile, TextNamedWavIsBadInput) {
  auto p = tmp("text.wav");
  std::ofstream(p) << "this is not audio\n";
  try {
    lw::audio::Reader r(p.string());
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_EQ(e.code(), lw::Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos);
  }
}

TEST(AudioFile, NanSampleIsRefusedWithItsPosition) {
  auto b = sine(8000, 1, 0.1);
  b.samples[123] = std::numeric_limits<float>::quiet_NaN();
  auto p = tmp("nan.wav");
  // Written with libsndfile directly: our Writer refuses NaN (below).
  SF_INFO info{};
  info.samplerate = 8000;
  info.channels = 1;
  info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
  SNDFILE* f = sf_open(p.c_str(), SFM_WRITE, &info);
  ASSERT_NE(f, nullptr);
  sf_writef_float(f, b.samples.data(), b.frames());
  sf_close(f);
  try {
    lw::audio::read_all(p.string());
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_NE(std::string(e.what()).find("sample 123"), std::string::npos) << e.what();
  }
}

TEST(AudioFile, FailedWriteLeavesNoFile) {
  auto p = tmp("never.wav");
  fs::remove(p);
  try {
    lw::audio::Writer w(p.string(), 48000, 1);
    std::vector<float> x(100, 0.1f);
    w.write(x.data(), 100);
    throw std::runtime_error("interrupted");
  } catch (const std::runtime_error&) {
  }
  EXPECT_FALSE(fs::exists(p));
}

TEST(AudioFile, WriterRefusesNonFiniteSamplesAndLeavesNoFile) {
  auto b = sine(8000, 2, 0.1);
  b.samples[2 * 300 + 1] = std::numeric_limits<float>::infinity();
  auto p = tmp("inf.wav");
  fs::remove(p);
  try {
    lw::audio::write_all(p.string(), b);
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_EQ(e.code(), lw::Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("frame 300 (channel 2)"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(p));
}

TEST(AudioFile, ExtensionChoosesTheFormatAndUnknownOnesAreRefused) {
  auto b = sine(48000, 1, 0.2);
  for (const char* ext : {".wav", ".flac", ".aiff", ".ogg", ".opus", ".mp3"}) {
    auto p = tmp(std::string("fmt") + ext);
    fs::remove(p);
    lw::audio::write_all(p.string(), b, lw::audio::SampleFormat::Pcm16);
    lw::audio::Reader r(p.string());
    EXPECT_EQ(r.info().sample_rate, 48000) << ext;
    EXPECT_NEAR(double(r.info().frames), 9600.0, 2000.0) << ext;  // codecs pad
  }
  SF_INFO info{};
  SNDFILE* f = sf_open(tmp("fmt.ogg").c_str(), SFM_READ, &info);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(info.format & SF_FORMAT_TYPEMASK, SF_FORMAT_OGG);
  sf_close(f);
  for (const char* bad : {"x.raw", "x.txt", "x.json"}) {
    auto p = tmp(bad);
    try {
      lw::audio::write_all(p.string(), b);
      FAIL() << bad;
    } catch (const lw::Error& e) {
      EXPECT_NE(std::string(e.what()).find("unknown audio extension"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(p));
  }
}

TEST(AudioFile, AbsurdSampleRateIsRefusedWithTheRate) {
  auto p = tmp("rate.wav");
  auto b = sine(8000, 1, 0.01);
  lw::audio::write_all(p.string(), b);
  // Patch the WAV header's rate field (byte 24) to 100 MHz.
  std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(24);
  const unsigned rate = 100000000u;
  const char bytes[4] = {char(rate & 0xff), char((rate >> 8) & 0xff), char((rate >> 16) & 0xff), char(rate >> 24)};
  f.write(bytes, 4);
  f.close();
  try {
    lw::audio::Reader r(p.string());
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_NE(std::string(e.what()).find("100000000 Hz"), std::string::npos) << e.what();
  }
}
