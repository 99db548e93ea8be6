#include <gtest/gtest.h>

#include "features/ambitus.hpp"

using namespace lw::features;

TEST(Ambitus, PercentileRangeOfConfidentFrames) {
  // 0.1 s frames; pitches alternate 60 and 72; one unconfident frame at 90.
  std::vector<double> t, midi, conf;
  for (int i = 0; i < 40; ++i) {
    t.push_back(0.1 * i);
    midi.push_back(i % 2 ? 72 : 60);
    conf.push_back(0.9);
  }
  midi[20] = 90;
  conf[20] = 0.2;
  const auto a = ambitus_track(t, midi, conf, 2.0, 0.7);
  // 21 frames in the window, about half at 60 and half at 72: p95 - p5 = 12.
  EXPECT_NEAR(a[20], 12.0, 1e-9);
}

TEST(Ambitus, ZeroWithTooFewConfidentFrames) {
  std::vector<double> t = {0, 0.1, 0.2, 0.3, 0.4, 0.5}, midi = {60, 61, 62, 63, 64, 65},
                      conf = {0.9, 0.9, 0.9, 0.9, 0.1, 0.1};
  const auto a = ambitus_track(t, midi, conf, 2.0, 0.7);
  for (double v : a) EXPECT_EQ(v, 0.0);  // 4 < kMinAmbitusFrames
  conf[4] = 0.9;
  const auto b = ambitus_track(t, midi, conf, 2.0, 0.7);
  // 5 frames 60..64: p95 = 63.8, p5 = 60.2
  EXPECT_NEAR(b[0], 3.6, 1e-9);
}
