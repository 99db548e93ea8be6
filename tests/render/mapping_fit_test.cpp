// --fit puts the walk's box onto the latent range chosen; the share beyond
// +-3 is what a user is warned about; a value that would not be a finite
// float is refused naming the frame and the mapping entry.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "render/mapping.hpp"

using namespace lw;
using namespace lw::render;

namespace {

walk::Trajectory square_walk(double half) {
  walk::Trajectory t;
  const double pts[5][2] = {{-half, -half}, {half, -half}, {half, half}, {-half, half}, {-half, -half}};
  for (int i = 0; i < 5; ++i) {
    walk::Frame f;
    f.t = i;
    f.x = pts[i][0] + 3;  // off centre: the fit must find the box, not assume 0
    f.z = pts[i][1];
    f.y = 1.6;
    t.frames.push_back(f);
  }
  return t;
}

std::vector<float> mapped(const Mapping& m, const walk::Trajectory& t) { return map_walk(m, 8, t, nullptr); }

}  // namespace

TEST(MappingFit, WalkBoxLandsOnTheRange) {
  for (double half : {0.5, 10.0, 400.0}) {
    auto t = square_walk(half);
    auto m = default_mapping();
    auto before = outside_share(mapped(m, t), 8, 5);
    auto rec = fit_mapping(m, walk_box(t), -2, 2.5, "walk");
    auto z = mapped(m, t);
    float lo0 = 1e9f, hi0 = -1e9f, lo2 = 1e9f, hi2 = -1e9f;
    for (int f = 0; f < 5; ++f) {
      lo0 = std::min(lo0, z[0 * 5 + f]);
      hi0 = std::max(hi0, z[0 * 5 + f]);
      lo2 = std::min(lo2, z[2 * 5 + f]);
      hi2 = std::max(hi2, z[2 * 5 + f]);
      EXPECT_FLOAT_EQ(z[1 * 5 + f], 0.25f);  // y has no extent: the middle of the range
    }
    EXPECT_NEAR(lo0, -2, 1e-5);
    EXPECT_NEAR(hi0, 2.5, 1e-5);
    EXPECT_NEAR(lo2, -2, 1e-5);
    EXPECT_NEAR(hi2, 2.5, 1e-5);
    EXPECT_EQ(outside_share(z, 8, 5).share, 0.0);
    if (half > 3) {
      EXPECT_GT(before.share, 0.5);
    }
    EXPECT_EQ(rec["entries"].size(), 3u);
    EXPECT_EQ(rec["box"], "walk");
  }
}

TEST(MappingFit, NegativeScaleKeepsDirectionAndSceneBox) {
  auto m = parse_mapping("latent:\n  - {dim: 0, source: x, scale: -1}\n", "neg.yaml");
  walk::Scene s;
  walk::Landmark a, b;
  a.name = "a";
  a.centre = {-8, 0, 0};
  b.name = "b";
  b.centre = {12, 0, 0};
  s.landmarks = {a, b};
  auto box = scene_box(s);
  EXPECT_DOUBLE_EQ(box.min[0], -9);
  EXPECT_DOUBLE_EQ(box.max[0], 13);
  fit_mapping(m, box, -3, 3, "scene");
  walk::Trajectory t;
  walk::Frame f;
  f.x = -9;
  t.frames.push_back(f);
  f.t = 1;
  f.x = 13;
  t.frames.push_back(f);
  auto z = map_walk(m, 8, t, nullptr);
  EXPECT_NEAR(z[0], 3, 1e-6);   // the box's min -> hi (scale was negative)
  EXPECT_NEAR(z[1], -3, 1e-6);
}

TEST(MappingFit, OutsideShareCountsFramesAndDimensions) {
  std::vector<float> z(2 * 4, 0.f);  // [2][4]
  z[0 * 4 + 1] = 3.5f;
  z[1 * 4 + 1] = -4.f;
  z[1 * 4 + 3] = 3.01f;
  z[0 * 4 + 2] = 3.0f;  // on the limit: inside
  auto s = outside_share(z, 2, 4);
  EXPECT_DOUBLE_EQ(s.share, 0.5);
  EXPECT_DOUBLE_EQ(s.per_dim[0], 0.25);
  EXPECT_DOUBLE_EQ(s.per_dim[1], 0.5);
  EXPECT_EQ(describe_outside(s), "50% of the walk (dimension 1: 50%, dimension 0: 25%)");
}

TEST(MappingFit, NonFiniteValuesAreRefusedWithThePlace) {
  auto t = square_walk(1);
  t.frames[3].x = 1e200;
  auto m = default_mapping();
  try {
    check_mapped_finite(m, 8, t, nullptr, "w.json");
    FAIL() << "1e200 accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    const std::string w = e.what();
    EXPECT_NE(w.find("w.json"), std::string::npos) << w;
    EXPECT_NE(w.find("frame 3 (t = 3 s)"), std::string::npos) << w;
    EXPECT_NE(w.find("latent dimension 0"), std::string::npos) << w;
    EXPECT_NE(w.find("source x = 1e+200"), std::string::npos) << w;
  }
  auto big = parse_mapping("latent:\n  - {dim: 1, source: x}\n  - {dim: 2, source: z, scale: 1e308}\n", "big.yaml");
  auto t2 = square_walk(1);
  try {
    check_mapped_finite(big, 8, t2, nullptr, "w.json");
    FAIL() << "scale 1e308 accepted";
  } catch (const Error& e) {
    const std::string w = e.what();
    EXPECT_NE(w.find("big.yaml:3"), std::string::npos) << w;
    EXPECT_NE(w.find("scale 1e+308"), std::string::npos) << w;
  }
  // a clamp makes the same walk valid
  auto clamped = parse_mapping("latent:\n  - {dim: 0, source: x, clamp: [-3, 3]}\n", "c.yaml");
  EXPECT_NO_THROW(check_mapped_finite(clamped, 8, t, nullptr, "w.json"));
}
