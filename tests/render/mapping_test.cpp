#include "render/mapping.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"

using namespace lw;
using namespace lw::render;

namespace {

walk::Trajectory line_walk(int n, double rate) {
  walk::Trajectory t;
  t.rate_hz = rate;
  for (int i = 0; i < n; ++i) {
    walk::Frame f;
    f.t = i / rate;
    f.x = -5 + 10.0 * i / (n - 1);
    f.y = 1.5;
    f.z = 2;
    f.azimuth = 90;
    t.frames.push_back(f);
  }
  return t;
}

walk::Scene one_landmark() {
  walk::Scene s;
  walk::Landmark l;
  l.name = "voice";
  l.centre = {0, 1.5, 2};
  l.radii = {1, 1, 1};
  s.landmarks.push_back(l);
  return s;
}

// Runs `f`, expects an lw::Error with exit 2 whose message contains `part`.
template <class F>
void expect_input_error(F f, const std::string& part) {
  try {
    f();
    FAIL() << "no error; expected one mentioning '" << part << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(Mapping, DefaultIsTheFirstExperience) {
  auto m = default_mapping();
  auto w = line_walk(11, 10);
  auto v = map_walk(m, 8, w, nullptr);
  ASSERT_EQ(v.size(), 8u * 11);
  for (int i = 0; i < 11; ++i) {
    EXPECT_FLOAT_EQ(v[0 * 11 + i], float(w.frames[i].x));
    EXPECT_FLOAT_EQ(v[1 * 11 + i], 1.5f);
    EXPECT_FLOAT_EQ(v[2 * 11 + i], 2.0f);
    for (int d = 3; d < 8; ++d) EXPECT_EQ(v[d * 11 + i], 0.0f);
  }
}

TEST(Mapping, ScaleOffsetClampConstantUnmapped) {
  auto m = parse_mapping(R"(
unmapped: 0.25
stereo: pan
latent:
  - {dim: 0, source: x, scale: 0.5, offset: 1, clamp: [-1, 2]}
  - {dim: 1, source: constant, value: -2}
  - {dim: 2, source: t, scale: 2}
  - {dim: 3, source: speed}
  - {dim: 4, source: azimuth, scale: 0.01}
)",
                         "m.yaml");
  EXPECT_EQ(m.stereo, Stereo::Pan);
  auto w = line_walk(11, 10);  // x from -5 to 5 in 1 s: speed 10
  auto v = map_walk(m, 6, w, nullptr);
  const int n = 11;
  EXPECT_FLOAT_EQ(v[0], -1.0f);          // -5*0.5+1 = -1.5 -> clamp -1
  EXPECT_FLOAT_EQ(v[n - 1], 2.0f);       // 5*0.5+1 = 3.5 -> clamp 2
  EXPECT_FLOAT_EQ(v[5], 1.0f);           // x = 0
  EXPECT_FLOAT_EQ(v[n + 3], -2.0f);      // constant
  EXPECT_NEAR(v[2 * n + 10], 2.0f, 1e-6);  // t = 1 s, scale 2
  EXPECT_NEAR(v[3 * n + 5], 10.0f, 1e-5);  // speed
  EXPECT_NEAR(v[4 * n], 0.9f, 1e-6);
  EXPECT_FLOAT_EQ(v[5 * n + 4], 0.25f);  // unmapped
}

TEST(Mapping, DistanceToLandmark) {
  auto m = parse_mapping("latent:\n  - {dim: 0, source: 'distance:voice'}\n", "m.yaml");
  auto s = one_landmark();
  auto w = line_walk(11, 10);
  auto v = map_walk(m, 2, w, &s);
  EXPECT_NEAR(v[0], 4.0f, 1e-6);  // x = -5, surface at x = -1
  EXPECT_NEAR(v[5], 0.0f, 1e-6);  // inside
}

TEST(Mapping, ZoneCrossFadesOverItsFadeTime) {
  auto m = parse_mapping(R"(
latent:
  - {dim: 0, source: constant, value: 0}
zones:
  - inside: voice
    fade: 0.2
    latent:
      - {dim: 0, source: constant, value: 1}
)",
                         "m.yaml");
  auto s = one_landmark();
  // 101 frames over 1 s, x from -5 to 5: inside for |x| <= 1, i.e. t in [0.4, 0.6].
  auto w = line_walk(101, 100);
  auto v = map_walk(m, 1, w, &s);
  EXPECT_EQ(v[30], 0.0f);
  EXPECT_NEAR(v[40], 0.05f, 1e-6);  // first frame inside: one step of 0.01 s / 0.2 s
  EXPECT_NEAR(v[50], 0.55f, 1e-5);
  EXPECT_NEAR(v[60], 1.0f, 1e-5);   // reached 1 after 0.2 s
  EXPECT_NEAR(v[61], 0.95f, 1e-5);  // fading out
  EXPECT_NEAR(v[90], 0.0f, 1e-6);
}

TEST(Mapping, DriftIsASlowSine) {
  auto m = parse_mapping("drift:\n  - {dim: 1, period: 4, amplitude: 2, phase: 90}\n", "m.yaml");
  auto w = line_walk(11, 10);
  m.base.dims.clear();
  auto v = map_walk(m, 2, w, nullptr);
  EXPECT_NEAR(v[11 + 0], 2.0f, 1e-6);                              // sin(90 deg)
  EXPECT_NEAR(v[11 + 10], 2 * std::sin(M_PI / 2 + 2 * M_PI / 4), 1e-5);  // t = 1 s
}

TEST(Mapping, ErrorsNameTheKeyAndLine) {
  expect_input_error([] { parse_mapping("latent:\n  - {dim: 0, source: height}\n", "m.yaml"); },
                     "m.yaml:2: unknown source 'height'");
  expect_input_error([] { parse_mapping("latnt: []\n", "m.yaml"); }, "m.yaml:1: unknown key 'latnt'");
  expect_input_error([] { parse_mapping("latent:\n  - {dim: 0, source: x, scale: big}\n", "m.yaml"); },
                     "m.yaml:2: 'scale' must be a number, got 'big'");
  expect_input_error([] { parse_mapping("stereo: surround\n", "m.yaml"); }, "m.yaml:1: 'stereo' must be");
  expect_input_error([] { parse_mapping("latent: [\n", "m.yaml"); }, "not valid YAML");
  expect_input_error(
      [] { parse_mapping("latent:\n  - {dim: 0, source: x}\n  - {dim: 0, source: y}\n", "m.yaml"); },
      "m.yaml:3: dimension 0 is mapped twice");
  auto far = parse_mapping("latent:\n  - {dim: 0, source: x}\n  - {dim: 9, source: y}\n", "m.yaml");
  expect_input_error([&] { check_mapping(far, 8, nullptr); }, "m.yaml:3: 'dim: 9' is beyond the model's latent size 8");
  auto dist = parse_mapping("latent:\n  - {dim: 0, source: 'distance:tower'}\n", "m.yaml");
  expect_input_error([&] { check_mapping(dist, 8, nullptr); }, "needs a scene");
  auto s = one_landmark();
  expect_input_error([&] { check_mapping(dist, 8, &s); }, "m.yaml:2: unknown landmark 'tower'");
  auto zone = parse_mapping("zones:\n  - inside: tower\n    latent: []\n", "m.yaml");
  expect_input_error([&] { check_mapping(zone, 8, &s); }, "m.yaml:2: unknown landmark 'tower' in 'inside'");
}

TEST(Mapping, JsonRecordsEverything) {
  auto m = parse_mapping("stereo: rotate\nlatent:\n  - {dim: 2, source: z, scale: 3, clamp: [0, 1]}\n", "m.yaml");
  auto j = mapping_to_json(m);
  EXPECT_EQ(j["stereo"], "rotate");
  EXPECT_EQ(j["latent"][0]["dim"], 2);
  EXPECT_EQ(j["latent"][0]["source"], "z");
  EXPECT_EQ(j["latent"][0]["clamp"][1], 1.0);
}

TEST(Mapping, ZoneMarginCountsTheSurroundings) {
  auto m = parse_mapping("zones:\n  - inside: voice\n    margin: 2\n    fade: 0\n    latent:\n      - {dim: 0, source: constant, value: 1}\n",
                         "m.yaml");
  auto s = one_landmark();
  auto w = line_walk(101, 100);  // x from -5 to 5; within 2 of the unit sphere for |x| <= 3
  auto v = map_walk(m, 1, w, &s);
  EXPECT_EQ(v[19], 0.0f);  // x = -3.1
  EXPECT_EQ(v[20], 1.0f);  // x = -3
  EXPECT_EQ(v[80], 1.0f);
  EXPECT_EQ(v[81], 0.0f);
}
