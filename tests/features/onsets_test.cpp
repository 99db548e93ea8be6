#include <gtest/gtest.h>

#include <cmath>

#include "features/extract.hpp"
#include "features/onsets.hpp"
#include "test_signals.hpp"

using namespace lw::features;
using namespace lw::features::test;

TEST(Onsets, ImpulseTrainGivesOneOnsetPerClick) {
  // Clicks every 0.25 s from 0.5 s over low noise.
  auto x = white_noise(4.0, 0.001);
  std::vector<double> clicks;
  for (double t = 0.5; t < 3.8; t += 0.25) {
    x[std::size_t(t * 44100)] = 0.8f;
    clicks.push_back(t);
  }
  Params p;
  Table t = extract_samples(x.data(), x.size(), 44100, p, {"onset_strength"});
  const auto on = onset_times(t, p);
  ASSERT_EQ(on.size(), clicks.size());
  const double frame = 512.0 / 44100;
  for (std::size_t i = 0; i < on.size(); ++i) EXPECT_NEAR(on[i], clicks[i], 1.01 * frame);
}

TEST(Onsets, MinimumGapAndThreshold) {
  std::vector<double> nov(100, 0.0);
  nov[10] = 1.0;
  nov[12] = 1.0;  // 2 frames later: within a 0.05 s gap at 86 frames/s
  nov[50] = 0.02;  // below threshold
  OnsetParams p;
  const auto on = pick_onsets(nov, 44100.0 / 512, p);
  ASSERT_EQ(on.size(), 1u);
  EXPECT_EQ(on[0], 10u);
  p.min_gap = 0.01;
  EXPECT_EQ(pick_onsets(nov, 44100.0 / 512, p).size(), 2u);
}

TEST(Onsets, RunningMedianClipsAtTheEnds) {
  std::vector<double> v = {5, 1, 3, 2, 4};
  auto m = running_median(v, 1);
  EXPECT_EQ(m, (std::vector<double>{3, 3, 2, 3, 3}));
}
