#include "walk/generate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "test_util.hpp"
#include "walk/geometry.hpp"
#include "walk/scene_io.hpp"
#include "walk/stats.hpp"
#include "walk/trajectory_io.hpp"

using namespace lw::walk;
using lw::walk::test::error_of;
using ::testing::HasSubstr;

namespace {
Scene scene2() { return read_scene(std::string(LW_TESTDATA) + "/scenes/experience2-landmarks.yaml"); }
}  // namespace

TEST(Generate, DefaultsGiveSixtySecondsAtTenHz) {
  for (WalkKind k : {WalkKind::Random, WalkKind::Orbit, WalkKind::Line, WalkKind::Spiral}) {
    Trajectory t = generate(k, {}, nullptr);
    ASSERT_EQ(t.frames.size(), 601u);
    EXPECT_EQ(t.rate_hz, 10);
    EXPECT_DOUBLE_EQ(t.frames.back().t, 60);
    for (const auto& f : t.frames) {
      EXPECT_GE(f.azimuth, 0);
      EXPECT_LT(f.azimuth, 360);
    }
  }
}

TEST(Generate, SameSeedSameBytesOtherSeedOtherWalk) {
  Scene s = scene2();
  GenerateOptions o;
  o.seed = 42;
  for (WalkKind k : {WalkKind::Random, WalkKind::Visit}) {
    std::string a = trajectory_to_string(generate(k, o, &s), Format::Json);
    std::string b = trajectory_to_string(generate(k, o, &s), Format::Json);
    EXPECT_EQ(a, b);
    GenerateOptions p = o;
    p.seed = 43;
    EXPECT_NE(a, trajectory_to_string(generate(k, p, &s), Format::Json));
  }
}

TEST(Generate, RandomStaysInBoundsAndFacesWhereItGoes) {
  Scene s = scene2();
  GenerateOptions o;
  o.duration = 300;
  o.pause_rate = 0;
  Trajectory t = generate(WalkKind::Random, o, &s);
  for (const auto& f : t.frames) {
    EXPECT_GE(f.x, s.bounds->min[0]);
    EXPECT_LE(f.x, s.bounds->max[0]);
    EXPECT_GE(f.z, s.bounds->min[2]);
    EXPECT_LE(f.z, s.bounds->max[2]);
  }
  // Facing forward: azimuth agrees with the direction of the next step.
  int agree = 0, total = 0;
  for (std::size_t i = 1; i + 1 < t.frames.size(); ++i) {
    double dx = t.frames[i + 1].x - t.frames[i - 1].x, dz = t.frames[i + 1].z - t.frames[i - 1].z;
    if (std::hypot(dx, dz) < 1e-6) continue;
    double d = std::fmod(std::abs(heading_degrees(dx, dz) - t.frames[i].azimuth) + 180, 360) - 180;
    ++total;
    agree += std::abs(d) < 30;
  }
  EXPECT_GT(agree, total * 9 / 10);
}

TEST(Generate, RandomPausesStandStill) {
  GenerateOptions o;
  o.pause_rate = 0.5;
  o.duration = 120;
  Trajectory t = generate(WalkKind::Random, o, nullptr);
  int still = 0;
  for (std::size_t i = 1; i < t.frames.size(); ++i)
    still += t.frames[i].x == t.frames[i - 1].x && t.frames[i].z == t.frames[i - 1].z;
  EXPECT_GT(still, 50);
}

TEST(Generate, OrbitKeepsRadiusAndFacesLandmark) {
  Scene s = scene2();
  GenerateOptions o;
  o.landmark = "egg";
  o.radius = 6;
  o.facing = parse_facing("landmark");
  const Landmark* egg = s.find("egg");
  Trajectory t = generate(WalkKind::Orbit, o, &s);
  for (const auto& f : t.frames) {
    EXPECT_NEAR(std::hypot(f.x - egg->centre[0], f.z - egg->centre[2]), 6, 1e-9);
    EXPECT_NEAR(f.y, 1.6, 1e-12);
    double want = heading_degrees(egg->centre[0] - f.x, egg->centre[2] - f.z);
    EXPECT_NEAR(std::fmod(std::abs(want - f.azimuth) + 180, 360) - 180, 0, 1e-6);
  }
  // Speed along the circle is --speed.
  EXPECT_NEAR(summarize(t).mean_speed, o.speed, 1e-3);
}

TEST(Generate, LineAndSpiralEndpoints) {
  GenerateOptions o;
  o.from = Vec3{0, 1, 0};
  o.to = Vec3{30, 1, 40};
  o.duration = 10;
  Trajectory l = generate(WalkKind::Line, o, nullptr);
  EXPECT_DOUBLE_EQ(l.frames.back().x, 30);
  EXPECT_DOUBLE_EQ(l.frames.back().z, 40);
  EXPECT_NEAR(l.frames[5].azimuth, heading_degrees(3, 4), 1e-9);
  GenerateOptions sp;
  sp.radius = 10;
  sp.inner_radius = 2;
  Trajectory s = generate(WalkKind::Spiral, sp, nullptr);
  EXPECT_NEAR(std::hypot(s.frames.front().x, s.frames.front().z), 10, 1e-9);
  EXPECT_NEAR(std::hypot(s.frames.back().x, s.frames.back().z), 2, 1e-9);
}

TEST(Generate, VisitSlowsNearLandmarksAndReachesThem) {
  Scene s = scene2();
  GenerateOptions o;
  o.order = {"tower", "far stone", "egg"};
  o.duration = 120;
  Trajectory t = generate(WalkKind::Visit, o, &s);
  WalkStats st = summarize(t, &s);
  for (const auto& l : st.landmarks) {
    if (l.name == "tower" || l.name == "far stone" || l.name == "egg") {
      // Stops `approach` in front of the landmark's footprint (the surface
      // at eye height may be a little further away; passing by on the way
      // to another landmark may come closer).
      EXPECT_LE(l.nearest, o.approach + 0.25) << l.name;
      EXPECT_GT(l.nearest, 0.3) << l.name;  // passes others at a margin
      EXPECT_EQ(l.time_inside, 0) << l.name;
    }
  }
  // Speed near landmarks (< 2 units away) is below speed far from all (> 5 units).
  std::vector<double> v = frame_speeds(t);
  double near_sum = 0, far_sum = 0;
  int near_n = 0, far_n = 0;
  for (std::size_t i = 0; i < t.frames.size(); ++i) {
    double d = 1e9;
    for (const auto& l : s.landmarks) d = std::min(d, distance(l, position(t.frames[i])));
    if (v[i] == 0) continue;
    if (d < 2) { near_sum += v[i]; ++near_n; }
    if (d > 5) { far_sum += v[i]; ++far_n; }
  }
  ASSERT_GT(near_n, 0);
  ASSERT_GT(far_n, 0);
  EXPECT_LT(near_sum / near_n, 0.5 * far_sum / far_n);
}

TEST(Generate, BadOptions) {
  Scene s = scene2();
  GenerateOptions o;
  EXPECT_THAT(error_of([&] { generate(WalkKind::Visit, o, nullptr); }), HasSubstr("--scene"));
  o.landmark = "nope";
  EXPECT_THAT(error_of([&] { generate(WalkKind::Orbit, o, &s); }), HasSubstr("no landmark 'nope'"));
  GenerateOptions d;
  d.duration = -1;
  EXPECT_THAT(error_of([&] { generate(WalkKind::Line, d, nullptr); }), HasSubstr("--duration"));
  EXPECT_THAT(error_of([] { parse_walk_kind("zigzag"); }), HasSubstr("zigzag"));
  EXPECT_THAT(error_of([] { parse_facing("up"); }), HasSubstr("--face"));
}
