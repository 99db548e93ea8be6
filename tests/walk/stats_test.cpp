#include "walk/stats.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

using namespace lw::walk;

TEST(Stats, TimingExtentSpeedAndTurning) {
  Trajectory t;
  t.rate_hz = 10;
  // 3-4-5 steps with periods 0.1, 0.3; a turn of 20 degrees across 0/360.
  t.frames = {{1.0, 0, 1, 0, 350}, {1.1, 3, 1, 4, 10}, {1.4, 3, 2, 4, 10}};
  WalkStats s = summarize(t);
  EXPECT_EQ(s.frames, 3u);
  EXPECT_DOUBLE_EQ(s.duration, 0.4);
  EXPECT_NEAR(s.mean_period, 0.2, 1e-12);
  EXPECT_NEAR(s.period_jitter, 0.1, 1e-12);
  EXPECT_NEAR(s.effective_rate, 5, 1e-9);
  EXPECT_NEAR(s.min_period, 0.1, 1e-12);
  EXPECT_NEAR(s.max_period, 0.3, 1e-12);
  EXPECT_EQ(s.min, (Vec3{0, 1, 0}));
  EXPECT_EQ(s.max, (Vec3{3, 2, 4}));
  EXPECT_DOUBLE_EQ(s.path_length, 6);
  EXPECT_NEAR(s.mean_speed, 15, 1e-9);
  EXPECT_NEAR(s.max_speed, 50, 1e-9);
  EXPECT_DOUBLE_EQ(s.total_turn, 20);
  EXPECT_TRUE(s.landmarks.empty());
}

TEST(Stats, Pauses) {
  Trajectory t;
  // walk 1 s, stand 2 s (frames keep coming), walk, stand 0.3 s (too short), walk
  double x = 0;
  for (int i = 0; i <= 60; ++i) {
    double tt = i * 0.1;
    bool still = (tt > 1.0 + 1e-9 && tt <= 3.0 + 1e-9) || (tt > 4.0 + 1e-9 && tt <= 4.3 + 1e-9);
    if (!still && i > 0) x += 0.1;
    t.frames.push_back({tt, x, 0, 0, 0});
  }
  WalkStats s = summarize(t);
  EXPECT_EQ(s.pauses, 1u);
  EXPECT_NEAR(s.pause_time, 2.0, 1e-9);
}

TEST(Stats, TimeInsideAndNearestApproach) {
  Scene sc;
  sc.landmarks = {{"a", {0, 0, 0}, {1, 1, 1}, ""}, {"far", {100, 0, 0}, {2, 1, 1}, ""}};
  Trajectory t;
  // Walk along x through the sphere at 1 unit/s, frames every 0.5 s.
  for (int i = 0; i <= 8; ++i) t.frames.push_back({i * 0.5, -2 + i * 0.5, 0, 0, 90});
  WalkStats s = summarize(t, &sc);
  ASSERT_EQ(s.landmarks.size(), 2u);
  // Frames at x = -1, -0.5, 0, 0.5, 1 are inside: 5 frames x 0.5 s.
  EXPECT_NEAR(s.landmarks[0].time_inside, 2.5, 1e-12);
  EXPECT_EQ(s.landmarks[0].nearest, 0);
  EXPECT_EQ(s.landmarks[1].time_inside, 0);
  EXPECT_NEAR(s.landmarks[1].nearest, 96, 1e-9);  // from x = 2 to the surface at x = 98
  EXPECT_EQ(s.landmarks[1].nearest_t, 4.0);  // the last frame, at x = 2
}
