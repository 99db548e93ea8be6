#include "walk/resample.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "test_util.hpp"
#include "walk/geometry.hpp"

using namespace lw::walk;

namespace {
Trajectory line_walk() {
  Trajectory t;
  t.frames = {{0, 0, 0, 0, 350}, {1, 1, 0, 2, 10}, {2, 2, 0, 4, 30}};
  return t;
}
}  // namespace

TEST(Resample, UniformGridIncludesLastStampOnGrid) {
  Trajectory r = resample(line_walk(), 4, Method::Linear);
  ASSERT_EQ(r.frames.size(), 9u);
  EXPECT_EQ(r.rate_hz, 4);
  for (std::size_t k = 0; k < r.frames.size(); ++k) EXPECT_DOUBLE_EQ(r.frames[k].t, k / 4.0);
  EXPECT_DOUBLE_EQ(r.frames[2].x, 0.5);
  EXPECT_DOUBLE_EQ(r.frames[2].z, 1.0);
  EXPECT_DOUBLE_EQ(r.frames.back().x, 2.0);
}

TEST(Resample, LatentRateGridStopsBeforeLastStamp) {
  Trajectory r = resample(line_walk(), 48000.0 / 2048.0, Method::Cubic);
  EXPECT_EQ(r.frames.size(), 47u);  // floor(2 * 23.4375) + 1
  EXPECT_LE(r.frames.back().t, 2.0);
}

TEST(Resample, AzimuthCrossesZeroNotOneEighty) {
  Trajectory r = resample(line_walk(), 4, Method::Linear);
  // 350 -> 10 over one second: halfway is 0, a quarter is 355.
  EXPECT_NEAR(r.frames[1].azimuth, 355, 1e-9);
  EXPECT_NEAR(r.frames[2].azimuth, 0, 1e-9);
  EXPECT_NEAR(r.frames[3].azimuth, 5, 1e-9);
  for (const auto& f : r.frames) {
    EXPECT_GE(f.azimuth, 0);
    EXPECT_LT(f.azimuth, 360);
  }
}

TEST(Resample, CubicPassesThroughKnotsAndIsSmooth) {
  Trajectory t;
  for (int i = 0; i <= 8; ++i) t.frames.push_back({i * 0.5, std::sin(i * 0.5), 0, std::cos(i * 0.5), 0});
  Trajectory c = resample(t, 20, Method::Cubic);
  Trajectory l = resample(t, 20, Method::Linear);
  for (std::size_t k = 0; k < c.frames.size(); k += 10) EXPECT_NEAR(c.frames[k].x, t.frames[k / 10].x, 1e-12);
  // Between knots cubic follows the sine better than straight lines do.
  double err_c = 0, err_l = 0;
  for (std::size_t k = 10; k + 10 < c.frames.size(); ++k) {
    err_c = std::max(err_c, std::abs(c.frames[k].x - std::sin(c.frames[k].t)));
    err_l = std::max(err_l, std::abs(l.frames[k].x - std::sin(l.frames[k].t)));
  }
  EXPECT_LT(err_c, err_l / 3);
}

TEST(Resample, IrregularInputAndSingleFrame) {
  Trajectory t;
  t.frames = {{0.0, 0, 0, 0, 0}, {0.13, 1.3, 0, 0, 0}, {0.19, 1.9, 0, 0, 0}, {0.5, 5, 0, 0, 0}};
  Trajectory r = resample(t, 10, Method::Linear);
  ASSERT_EQ(r.frames.size(), 6u);
  for (const auto& f : r.frames) EXPECT_NEAR(f.x, f.t * 10, 1e-12);
  Trajectory one;
  one.frames = {{3, 1, 2, 3, 400}};
  Trajectory r1 = resample(one, 10, Method::Cubic);
  ASSERT_EQ(r1.frames.size(), 1u);
  EXPECT_EQ(r1.frames[0].azimuth, 40);
}

TEST(Resample, BadRateIsUsageError) {
  EXPECT_NE(lw::walk::test::error_of([] { resample(line_walk(), 0, Method::Linear); }), "(no error)");
  EXPECT_NE(lw::walk::test::error_of([] { resample(line_walk(), NAN, Method::Linear); }), "(no error)");
  EXPECT_NE(lw::walk::test::error_of([] { parse_method("spline"); }), "(no error)");
}

TEST(Resample, SampleAtClampsAndInterpolates) {
  Trajectory t = line_walk();
  auto az = unwrap_azimuth(t);
  EXPECT_DOUBLE_EQ(sample_at(t, az, -1, Method::Linear).x, 0);
  EXPECT_DOUBLE_EQ(sample_at(t, az, 1.5, Method::Linear).z, 3);
  EXPECT_DOUBLE_EQ(sample_at(t, az, 0.5, Method::Linear).azimuth, 360);
  EXPECT_DOUBLE_EQ(sample_at(t, az, 9, Method::Linear).x, 2);
}
