#include "walk/control_path.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_util.hpp"

using namespace lw::walk;
using lw::walk::test::error_of;
using lw::walk::test::TempDir;
using ::testing::HasSubstr;

TEST(ControlPath, RoundTripAndDefaults) {
  ControlPath p;
  p.rate_hz = 5;
  p.source = "test";
  p.frames = {{0, 0.5, -1, 0.1, 250}, {0.2, 1.0 / 3.0, 2, 0, 0}};
  TempDir d;
  write_control_path(d.path("c.json"), p);
  ControlPath q = read_control_path(d.path("c.json"));
  ASSERT_EQ(q.frames.size(), 2u);
  EXPECT_EQ(q.rate_hz, 5);
  EXPECT_EQ(q.source, "test");
  EXPECT_EQ(q.frames[1].x, 1.0 / 3.0);
  EXPECT_EQ(q.frames[0].ramp_ms, 250);
  ControlPath r = parse_control_path(R"({"format":"latentwalk.control","version":1,"frames":[{"t":0,"x":1,"y":2}]})", "m.json");
  EXPECT_EQ(r.frames[0].noise, 0);
  EXPECT_EQ(r.frames[0].ramp_ms, 0);
}

TEST(ControlPath, BadInput) {
  EXPECT_THAT(error_of([] { parse_control_path(R"({"format":"latentwalk.control","version":1,"frames":[]})", "e.json"); }),
              HasSubstr("e.json: \"frames\" is empty"));
  EXPECT_THAT(error_of([] {
                parse_control_path(R"({"format":"latentwalk.control","version":1,"frames":[{"t":1,"x":0,"y":0},{"t":0.5,"x":0,"y":0}]})",
                                   "b.json");
              }),
              HasSubstr("frame 1: time"));
  EXPECT_THAT(error_of([] {
                parse_control_path(R"({"format":"latentwalk.control","version":1,"frames":[{"t":0,"x":0,"y":0,"noise":-1}]})", "n.json");
              }),
              HasSubstr("\"noise\" must be >= 0"));
  EXPECT_THAT(error_of([] { parse_control_path(R"({"format":"latentwalk.trajectory","version":1})", "t.json"); }),
              HasSubstr("expected \"latentwalk.control\""));
}
