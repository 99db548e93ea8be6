#include "walk/scene_io.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.hpp"

using namespace lw::walk;
using lw::walk::test::error_of;
using lw::walk::test::TempDir;
using ::testing::HasSubstr;

TEST(SceneIo, ReadsSpheresEllipsoidsAndBounds) {
  Scene s = parse_scene(R"(name: two
landmarks:
  - name: voice
    centre: [0, 1.5, 0]
    radius: 4
    colour: "#e4572e"
  - name: hall
    center: [10, 0, -5]
    radii: [8, 3, 5]
bounds:
  min: [-40, 0, -40]
  max: [40, 10, 40]
)", "s.yaml");
  EXPECT_EQ(s.name, "two");
  ASSERT_EQ(s.landmarks.size(), 2u);
  EXPECT_TRUE(s.landmarks[0].is_sphere());
  EXPECT_EQ(s.landmarks[0].radii[2], 4);
  EXPECT_EQ(s.landmarks[0].colour, "#e4572e");
  EXPECT_FALSE(s.landmarks[1].is_sphere());
  EXPECT_EQ(s.landmarks[1].centre[2], -5);
  ASSERT_TRUE(s.bounds);
  EXPECT_EQ(s.bounds->max[1], 10);
  ASSERT_NE(s.find("hall"), nullptr);
  EXPECT_EQ(s.find("nope"), nullptr);
  // Writes back to the same scene.
  Scene again = parse_scene(scene_to_yaml(s), "again.yaml");
  EXPECT_EQ(again.landmarks[1].radii, s.landmarks[1].radii);
  EXPECT_EQ(again.landmarks[0].colour, s.landmarks[0].colour);
  EXPECT_EQ(again.bounds->min, s.bounds->min);
}

TEST(SceneIo, BadScenesNameFileLineAndKey) {
  struct Case {
    std::string text, expect;
  };
  std::vector<Case> cases = {
      {"", "is empty"},
      {"landmarks: [\n  {name: a", "not valid YAML"},
      {"- 1\n- 2\n", "expected a map"},
      {"name: x\n", "missing key 'landmarks'"},
      {"landmarks:\n  - name: a\n    centre: [0, 0]\n    radius: 1\n", "s.yaml:3: landmark 'a'.centre: expected three numbers"},
      {"landmarks:\n  - name: a\n    centre: [0, 0, 0]\n    radius: -1\n", "s.yaml:4: landmark 'a'.radius: must be > 0"},
      {"landmarks:\n  - name: a\n    centre: [0, zero, 0]\n    radius: 1\n", "'zero' is not a number"},
      {"landmarks:\n  - name: a\n    centre: [0, 0, 0]\n", "missing key 'radius'"},
      {"landmarks:\n  - name: a\n    centre: [0, 0, 0]\n    radius: 1\n    raduis: 2\n",
       "s.yaml:5: landmarks[0]: unknown key 'raduis'"},
      {"landmarks:\n  - {name: a, centre: [0,0,0], radius: 1}\n  - {name: a, centre: [1,0,0], radius: 1}\n",
       "s.yaml:3: landmark 'a' is defined twice"},
      {"landmarks: []\nbounds:\n  min: [0, 0, 0]\n  max: [1, 0, 1]\n", "bounds: min must be below max"},
      {"landmarks: []\nbound:\n  min: [0, 0, 0]\n", "unknown key 'bound'"},
      {"landmarks:\n  - {name: a, shape: cube, centre: [0,0,0], radius: 1}\n", "'cube' is not sphere or ellipsoid"},
  };
  for (const auto& c : cases)
    EXPECT_THAT(error_of([&] { parse_scene(c.text, "s.yaml"); }), HasSubstr(c.expect)) << c.text;
  TempDir d;
  EXPECT_THAT(error_of([&] { read_scene(d.path("missing.yaml")); }), HasSubstr("missing.yaml: no such file"));
}
