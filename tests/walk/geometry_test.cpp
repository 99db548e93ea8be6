#include "walk/geometry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace lw::walk;

TEST(Geometry, InsideSphereAndEllipsoid) {
  Landmark s{"s", {1, 0, 0}, {2, 2, 2}, ""};
  EXPECT_TRUE(inside(s, {1, 0, 0}));
  EXPECT_TRUE(inside(s, {3, 0, 0}));
  EXPECT_FALSE(inside(s, {3.01, 0, 0}));
  Landmark e{"e", {0, 0, 0}, {4, 1, 2}, ""};
  EXPECT_TRUE(inside(e, {3.9, 0, 0}));
  EXPECT_FALSE(inside(e, {0, 1.1, 0}));
  EXPECT_TRUE(inside(e, {0, 0, 1.9}));
}

TEST(Geometry, DistanceToSphere) {
  Landmark s{"s", {0, 0, 0}, {2, 2, 2}, ""};
  EXPECT_DOUBLE_EQ(distance(s, {5, 0, 0}), 3);
  EXPECT_DOUBLE_EQ(distance(s, {0, 3, 4}), 3);
  EXPECT_EQ(distance(s, {1, 1, 0}), 0);
}

TEST(Geometry, DistanceToEllipsoidAlongAxesAndBruteForce) {
  Landmark e{"e", {1, 2, 3}, {4, 1, 2}, ""};
  EXPECT_NEAR(distance(e, {1 + 10, 2, 3}), 6, 1e-9);
  EXPECT_NEAR(distance(e, {1, 2 - 5, 3}), 4, 1e-9);
  EXPECT_NEAR(distance(e, {1, 2, 3 + 2.5}), 0.5, 1e-9);
  EXPECT_EQ(distance(e, {1, 2, 3}), 0);
  // Off-axis: compare with a dense search over the surface.
  for (Vec3 p : {Vec3{6, 4, 5}, Vec3{-4, 2.5, 0}, Vec3{2, -1, 7}}) {
    double best = 1e9;
    const int n = 600;
    for (int i = 0; i <= n; ++i) {
      double th = M_PI * i / n;
      for (int j = 0; j < 2 * n; ++j) {
        double ph = M_PI * j / n;
        Vec3 q{1 + 4 * std::sin(th) * std::cos(ph), 2 + 1 * std::sin(th) * std::sin(ph), 3 + 2 * std::cos(th)};
        best = std::min(best, distance(p, q));
      }
    }
    double d = distance(e, p);
    EXPECT_LE(d, best + 1e-9);
    EXPECT_NEAR(d, best, 2e-3);
  }
}

TEST(Geometry, SpeedsAndPathLength) {
  Trajectory t;
  t.frames = {{0, 0, 0, 0, 0}, {1, 3, 0, 4, 0}, {3, 3, 0, 4, 0}};
  EXPECT_DOUBLE_EQ(path_length(t), 5);
  auto seg = segment_speeds(t);
  ASSERT_EQ(seg.size(), 2u);
  EXPECT_DOUBLE_EQ(seg[0], 5);
  EXPECT_DOUBLE_EQ(seg[1], 0);
  auto fs = frame_speeds(t);
  EXPECT_DOUBLE_EQ(fs[0], 5);
  EXPECT_DOUBLE_EQ(fs[1], 5.0 / 3.0);
  EXPECT_DOUBLE_EQ(fs[2], 0);
}

TEST(Geometry, AzimuthWrapUnwrapAndHeading) {
  EXPECT_EQ(wrap_degrees(-10), 350);
  EXPECT_EQ(wrap_degrees(720), 0);
  EXPECT_EQ(wrap_degrees(359.5), 359.5);
  EXPECT_FALSE(std::signbit(wrap_degrees(-360)));
  Trajectory t;
  t.frames = {{0, 0, 0, 0, 350}, {1, 0, 0, 0, 10}, {2, 0, 0, 0, 200}, {3, 0, 0, 0, 190}};
  auto u = unwrap_azimuth(t);
  EXPECT_EQ(u[1], 370);
  EXPECT_EQ(u[2], 200);  // 10 -> 200 is a 170 degree turn back
  EXPECT_EQ(u[3], 190);
  EXPECT_DOUBLE_EQ(total_turn(t), 20 + 170 + 10);
  EXPECT_NEAR(heading_degrees(0, 1), 0, 1e-12);
  EXPECT_NEAR(heading_degrees(1, 0), 90, 1e-12);
  EXPECT_NEAR(heading_degrees(0, -1), 180, 1e-12);
  EXPECT_NEAR(heading_degrees(-1, 0), 270, 1e-12);
}
