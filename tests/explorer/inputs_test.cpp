#include "explorer/inputs.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"

using namespace lw;
using namespace lw::explorer;

namespace {

// Four frames at 10 Hz of three features.
features::Table table() {
  features::Table t;
  t.sample_rate = 100;
  t.hop = 10;
  t.window = 20;
  t.names = {"loudness", "centroid", "density"};
  t.units = {"dBFS", "Hz", "onsets/s"};
  t.times = {0.0, 0.1, 0.2, 0.3};
  t.values = {-40, 500, 1,  //
              -30, 700, 2,  //
              -20, 900, 3,  //
              -10, 1100, 4};
  return t;
}

}  // namespace

TEST(ExplorerInputs, PassageMeanTakesTheNamedColumnsInTheGivenOrder) {
  auto m = passage_mean(table(), {"density", "loudness"}, 0.1, 0.2, "t.json");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_DOUBLE_EQ(m[0], 2.5);
  EXPECT_DOUBLE_EQ(m[1], -25);
  // to < 0: to the end
  EXPECT_DOUBLE_EQ(passage_mean(table(), {"centroid"}, 0.15, -1, "t.json")[0], 1000);
}

TEST(ExplorerInputs, FramesCarryTimesAndTheHopRate) {
  InputFrames f = table_frames(table(), {"centroid"}, 0.1, -1, "t.json");
  EXPECT_DOUBLE_EQ(f.rate_hz, 10);
  ASSERT_EQ(f.rows.size(), 3u);
  EXPECT_EQ(f.times.front(), 0.1);
  EXPECT_EQ(f.rows.back()[0], 1100);
}

TEST(ExplorerInputs, MissingFeatureEmptyPassageAndNaNAreBadInput) {
  auto code = [](const std::function<void()>& fn) {
    try {
      fn();
    } catch (const Error& e) {
      return static_cast<int>(e.code());
    }
    return 0;
  };
  EXPECT_EQ(code([] { passage_mean(table(), {"ambitus"}, 0, -1, "t.json"); }), 2);
  EXPECT_EQ(code([] { passage_mean(table(), {"loudness"}, 5, 6, "t.json"); }), 2);
  features::Table t = table();
  t.values[4] = std::nan("");
  try {
    table_frames(t, {"centroid"}, 0, -1, "t.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("frame 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("centroid"), std::string::npos) << e.what();
  }
  EXPECT_EQ(code([&] { passage_mean(t, {"centroid"}, 0, -1, "t.json"); }), 2);
}
