#include "walk/transform.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "test_util.hpp"

using namespace lw::walk;
using lw::walk::test::error_of;
using ::testing::HasSubstr;

namespace {
Trajectory walk() {
  Trajectory t;
  t.rate_hz = 10;
  t.frames = {{0, 0, 1, 1, 0}, {0.1, 1, 1, 1, 90}, {0.2, 2, 1, 1, 350}, {0.3, 3, 1, 1, 10}};
  return t;
}
}  // namespace

TEST(Transform, RotateTurnsPositionsAndAzimuthTogether) {
  TransformOptions o;
  o.rotate_deg = 90;  // clockwise from above: +z goes to +x
  Trajectory r = transform(walk(), o);
  EXPECT_NEAR(r.frames[0].x, 1, 1e-12);   // (0, 1) -> (1, 0)
  EXPECT_NEAR(r.frames[0].z, 0, 1e-12);
  EXPECT_NEAR(r.frames[1].x, 1, 1e-12);   // (1, 1) -> (1, -1)
  EXPECT_NEAR(r.frames[1].z, -1, 1e-12);
  EXPECT_EQ(r.frames[0].azimuth, 90);
  EXPECT_EQ(r.frames[1].azimuth, 180);
  EXPECT_EQ(r.frames[2].azimuth, 80);     // 350 + 90 wraps
  EXPECT_EQ(r.frames[0].y, 1);            // height untouched
}

TEST(Transform, TrimTimeScaleScaleTranslate) {
  TransformOptions o;
  o.trim_from = 0.1;
  o.trim_to = 0.25;
  o.time_scale = 2;
  o.start_at_zero = true;
  o.scale = 3;
  o.translate = {10, 0, -1};
  Trajectory r = transform(walk(), o);
  ASSERT_EQ(r.frames.size(), 2u);
  EXPECT_EQ(r.rate_hz, 5);
  EXPECT_DOUBLE_EQ(r.frames[0].t, 0);
  EXPECT_DOUBLE_EQ(r.frames[1].t, 0.2);
  EXPECT_DOUBLE_EQ(r.frames[0].x, 13);
  EXPECT_DOUBLE_EQ(r.frames[1].x, 16);
  EXPECT_DOUBLE_EQ(r.frames[1].y, 3);
  EXPECT_DOUBLE_EQ(r.frames[1].z, 2);
}

TEST(Transform, BadOptions) {
  TransformOptions o;
  o.trim_from = 5;
  EXPECT_THAT(error_of([&] { transform(walk(), o); }), HasSubstr("keeps no frame"));
  TransformOptions k;
  k.time_scale = 0;
  EXPECT_THAT(error_of([&] { transform(walk(), k); }), HasSubstr("--time-scale"));
  TransformOptions r;
  r.trim_from = 2;
  r.trim_to = 1;
  EXPECT_THAT(error_of([&] { transform(walk(), r); }), HasSubstr("after"));
}

TEST(Transform, ConcatFollowsOn) {
  Trajectory b = walk();
  for (auto& f : b.frames) f.t += 100;
  Trajectory c = concat({walk(), b});
  ASSERT_EQ(c.frames.size(), 8u);
  EXPECT_NEAR(c.frames[4].t, 0.4, 1e-12);  // one nominal period after 0.3
  EXPECT_NEAR(c.frames[7].t, 0.7, 1e-12);
  for (std::size_t i = 1; i < c.frames.size(); ++i) EXPECT_GT(c.frames[i].t, c.frames[i - 1].t);
  EXPECT_THAT(error_of([] { concat({}); }), HasSubstr("at least one"));
}
