#include <gtest/gtest.h>

#include "features/density.hpp"

using namespace lw::features;

TEST(Density, NoteRateFromTheLastNInterOnsetIntervals) {
  std::vector<double> onsets;
  for (int i = 0; i < 10; ++i) onsets.push_back(0.25 * i);  // 4 notes per second, 0..2.25 s
  std::vector<double> times;
  for (int i = 0; i < 60; ++i) times.push_back(0.05 * i);
  const auto d = density_track(times, onsets, 5);
  EXPECT_EQ(d[0], 0.0);                 // one note so far
  EXPECT_NEAR(d[6], 4.0, 1e-9);         // t = 0.3: two notes 0.25 s apart
  EXPECT_NEAR(d[40], 4.0, 1e-9);        // t = 2.0
  EXPECT_NEAR(d[50], 1.0 / 0.25, 1e-9); // t = 2.5: 0.25 s after the last onset
  EXPECT_NEAR(d[59], 1.0 / 0.7, 1e-9);  // t = 2.95: the pause lengthens the interval
}

TEST(Density, TempoChangeIsFollowedWithinNNotes) {
  std::vector<double> onsets = {0, 1, 2, 3, 4, 4.1, 4.2, 4.3, 4.4, 4.5};
  const auto d = density_track({4.5}, onsets, 5);
  EXPECT_NEAR(d[0], 10.0, 1e-9);  // last 5: 4.1 .. 4.5
  EXPECT_NEAR(density_track({4.5}, onsets, 10)[0], 9.0 / 4.5, 1e-9);
}
