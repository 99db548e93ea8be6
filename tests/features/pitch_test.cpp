#include <gtest/gtest.h>

#include <cmath>

#include "features/extract.hpp"
#include "features/pitch.hpp"
#include "test_signals.hpp"

using namespace lw::features;
using namespace lw::features::test;

namespace {
double median_col(const Table& t, int c) {
  std::vector<double> v;
  for (std::size_t i = 2; i + 2 < t.frames(); ++i) v.push_back(t.row(i)[c]);
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

TEST(Pitch, SinesAcrossTheSaxRange) {
  for (double f : {138.59, 220.0, 440.0, 987.77, 1500.0}) {
    auto x = sine(f, 1.0);
    Table t = extract_samples(x.data(), x.size(), 44100, Params{}, {"pitch", "confidence"});
    EXPECT_NEAR(12 * std::log2(median_col(t, 0) / f), 0.0, 0.05) << f;
    EXPECT_GT(median_col(t, 1), 0.9) << f;
  }
}

TEST(Pitch, LowNotesWithZeroPadding) {
  // 69.3 Hz (baritone sax low C#): period 636 samples > fft/2 at 1024, so
  // zero-pad the FFT to 4096 and widen the window to 2048.
  auto x = harmonic(69.3, 1.0);
  Params p;
  p.window = 2048;
  p.fft = 4096;
  p.pitch_min_freq = 50;
  Table t = extract_samples(x.data(), x.size(), 44100, p, {"pitch", "confidence"});
  EXPECT_NEAR(12 * std::log2(median_col(t, 0) / 69.3), 0.0, 0.1);
  EXPECT_GT(median_col(t, 1), 0.9);
}

TEST(Pitch, HarmonicToneGivesItsFundamentalNotAnOctave) {
  for (double f : {146.83, 261.63, 523.25}) {
    auto x = harmonic(f, 1.0);
    Params p;
    p.midi_unit = true;
    Table t = extract_samples(x.data(), x.size(), 44100, p, {"pitch"});
    EXPECT_NEAR(median_col(t, 0), hz_to_midi(f), 0.1) << f;
  }
}

TEST(Pitch, NoiseHasLowConfidenceAndSilenceNone) {
  auto x = white_noise(1.0);
  Table t = extract_samples(x.data(), x.size(), 44100, Params{}, {"pitch", "confidence"});
  EXPECT_LT(median_col(t, 1), 0.5);
  std::vector<float> z(20000, 0.f);
  Table ts = extract_samples(z.data(), z.size(), 44100, Params{}, {"pitch", "confidence"});
  for (std::size_t i = 0; i < ts.frames(); ++i) {
    EXPECT_EQ(ts.row(i)[0], 0.0);
    EXPECT_EQ(ts.row(i)[1], 0.0);
  }
}

TEST(Pitch, RangeLimitsTheLags) {
  YinFft y(1024, 1024, 44100, 100, 2000);
  EXPECT_EQ(y.min_lag(), 22);
  EXPECT_EQ(y.max_lag(), 441);
  YinFft low(1024, 1024, 44100, 20, 2000);  // clipped to fft/2 - 1
  EXPECT_EQ(low.max_lag(), 511);
}
