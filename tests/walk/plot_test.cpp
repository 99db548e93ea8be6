#include "walk/plot.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "walk/scene_io.hpp"
#include "walk/trajectory_io.hpp"

using namespace lw::walk;
using ::testing::HasSubstr;

namespace {
std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
}  // namespace

TEST(Plot, DrawsViewsLegendMarkersAndLandmarksToScale) {
  Scene s = read_scene(std::string(LW_TESTDATA) + "/scenes/experience2-landmarks.yaml");
  Trajectory t = read_trajectory(std::string(LW_TESTDATA) + "/walks/recorded-like.json");
  PlotOptions o;
  o.title = "a <walk>";
  std::string svg = plot_svg(t, &s, o);
  EXPECT_THAT(svg, HasSubstr("<svg"));
  EXPECT_THAT(svg, HasSubstr("a &lt;walk&gt;"));
  EXPECT_THAT(svg, HasSubstr("top view"));
  EXPECT_THAT(svg, HasSubstr("side view"));
  EXPECT_THAT(svg, HasSubstr(">start<"));
  EXPECT_THAT(svg, HasSubstr(">end<"));
  EXPECT_THAT(svg, HasSubstr(">time (s)<"));
  for (const auto& l : s.landmarks) EXPECT_THAT(svg, HasSubstr(">" + l.name + "<"));
  // One ellipse per landmark in the top view, with rx/ry in the ratio of its x/z radii.
  EXPECT_EQ(count(svg, "<ellipse"), s.landmarks.size());
  auto p = svg.find("<ellipse");
  auto rx = std::stod(svg.substr(svg.find("rx=\"", p) + 4));
  auto ry = std::stod(svg.substr(svg.find("ry=\"", p) + 4));
  EXPECT_NEAR(rx / ry, s.landmarks[0].radii[0] / s.landmarks[0].radii[2], 0.01);
  // The path is coloured by time: many distinct stroke colours.
  EXPECT_GT(count(svg, "<polyline"), 100u);
}

TEST(Plot, HandlesSingleFrameAndHugeWalks) {
  Trajectory one;
  one.frames = {{0, 1, 2, 3, 45}};
  EXPECT_THAT(plot_svg(one, nullptr), HasSubstr("</svg>"));
  Trajectory big;
  for (int i = 0; i < 200000; ++i) big.frames.push_back({i * 0.01, std::sin(i * 1e-3), 0, std::cos(i * 1e-3), 0});
  std::string svg = plot_svg(big, nullptr);
  EXPECT_LT(svg.size(), 2u << 20);  // decimated: stays a small file
}

TEST(Plot, SeveralWalkersInOnePictureEachInItsColour) {
  Trajectory a, b;
  for (int i = 0; i < 20; ++i) {
    a.frames.push_back({i * 0.1, double(i), 1.6, 0, 90});
    b.frames.push_back({i * 0.1 + 0.05, 0, 1.6, double(i), 0});
  }
  std::string one = plot_svg(a, nullptr, {});
  EXPECT_EQ(plot_svg(std::vector<NamedWalk>{{"", &a}}, nullptr, {}), one);  // one walk: as before
  std::string two = plot_svg({{"anna", &a}, {"ben", &b}}, nullptr, {});
  EXPECT_NE(two.find(">anna<"), std::string::npos);
  EXPECT_NE(two.find(">ben<"), std::string::npos);
  EXPECT_NE(two.find("2 walkers, 40 frames"), std::string::npos);
  // Two distinct path colours, each used for the top view, side view and speed.
  auto count = [&](const std::string& c) {
    std::size_t n = 0;
    for (std::size_t p = 0; (p = two.find("stroke=\"" + c + "\"", p)) != std::string::npos; ++p) ++n;
    return n;
  };
  EXPECT_GE(count("#1f77b4"), 3u);
  EXPECT_GE(count("#d62728"), 3u);
  EXPECT_EQ(two.find("time (s)</text>\n<rect"), std::string::npos);  // no time colour bar
}
