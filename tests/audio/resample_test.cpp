#include "audio/resample.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"

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

TEST(Resample, ExactLengthAndRefusedRatios) {
  // 2.00 s at 22.05 kHz is 96,000 frames at 48 kHz (src_simple gave 96,001).
  for (int rate : {22050, 44100, 32000, 11025}) {
    lw::audio::Buffer in;
    in.sample_rate = rate;
    in.channels = 2;
    in.samples.assign(std::size_t(2 * rate * 2), 0.25f);
    EXPECT_EQ(lw::audio::resample(in, 48000).frames(), 96000) << rate;
  }
  lw::audio::Buffer odd;
  odd.sample_rate = 100;
  odd.channels = 1;
  odd.samples.assign(200, 0.1f);
  try {
    lw::audio::resample(odd, 48000, "odd.wav");
    FAIL() << "ratio 480 accepted";
  } catch (const lw::Error& e) {
    EXPECT_EQ(e.code(), lw::Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("odd.wav: cannot convert 100 Hz to 48000 Hz"), std::string::npos) << e.what();
  }
}
