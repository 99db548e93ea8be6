#include <gtest/gtest.h>

#include "features/density.hpp"

using namespace lw::features;

TEST(Density, OnsetsPerSecondInAClippedCentredWindow) {
  std::vector<double> onsets;
  for (double t = 0.25; t < 10; t += 0.5) onsets.push_back(t);  // 2 per second
  std::vector<double> times = {0.0, 5.0, 10.0};
  const auto d = density_track(times, onsets, 10.0, 2.0);
  EXPECT_NEAR(d[1], 2.0, 1e-9);  // [4, 6]: 4 onsets
  EXPECT_NEAR(d[0], 2.0, 1e-9);  // [0, 1] clipped: 2 onsets in 1 s
  EXPECT_NEAR(d[2], 2.0, 1e-9);  // [9, 10]: 9.25, 9.75
  EXPECT_EQ(density_track({1.0}, {}, 2.0, 2.0)[0], 0.0);
}
