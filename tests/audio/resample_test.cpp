#include "audio/resample.hpp"

#include <gtest/gtest.h>

#include <cmath>

TEST(Resample, KeepsDurationAndPitch) {
  lw::audio::Buffer in;
  in.sample_rate = 44100;
  in.channels = 1;
  for (int i = 0; i < 44100; ++i) in.samples.push_back(static_cast<float>(std::sin(2 * M_PI * 1000.0 * i / 44100)));
  auto out = lw::audio::resample(in, 48000);
  EXPECT_EQ(out.sample_rate, 48000);
  EXPECT_NEAR(double(out.frames()), 48000.0, 2.0);
  // A 1 kHz sine at 48 kHz: compare with the ideal in the middle of the file.
  double err = 0;
  int best_lag = 0;
  double best = 1e9;
  for (int lag = -3; lag <= 3; ++lag) {
    double e = 0;
    for (int i = 10000; i < 11000; ++i)
      e += std::abs(out.samples[static_cast<std::size_t>(i + lag)] - std::sin(2 * M_PI * 1000.0 * i / 48000));
    if (e < best) { best = e; best_lag = lag; }
  }
  err = best / 1000;
  EXPECT_EQ(best_lag, 0);
  EXPECT_LT(err, 1e-3);
}
