#include "explorer/control.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "explorer/dataset.hpp"

using namespace lw;
using namespace lw::explorer;

namespace {

// One input passed straight through to x (identity), y = 1 - x, noise and ramp from biases.
Mlp passthrough() {
  Mlp m = make_mlp(1, {}, 4, Activation::Identity, Activation::Identity);
  m.layers[0].weights = {1.0, -1.0, 0.0, 0.0};
  m.layers[0].biases = {0.0, 1.0, 0.5, 0.25};
  m.inputs = {{"loudness", -60, 0}};
  m.outputs = default_outputs();
  return m;
}

}  // namespace

TEST(ExplorerControlPath, MovingAverageIsCentredAndShrinksAtTheEnds) {
  std::vector<double> v{0, 0, 0, 9, 0, 0, 0};
  auto s = moving_average(v, 10.0, 0.3);  // 3 frames
  EXPECT_DOUBLE_EQ(s[2], 3);
  EXPECT_DOUBLE_EQ(s[3], 3);
  EXPECT_DOUBLE_EQ(s[4], 3);
  EXPECT_DOUBLE_EQ(s[1], 0);
  EXPECT_DOUBLE_EQ(s[0], 0);
  std::vector<double> w{3, 6};
  EXPECT_DOUBLE_EQ(moving_average(w, 10.0, 0.3)[0], 4.5);  // window [0, 1] at the edge
  EXPECT_EQ(moving_average(v, 10.0, 0), v);
}

TEST(ExplorerControlPath, FramesFollowTheModelAndAreClampedToRanges) {
  Mlp m = passthrough();
  InputFrames in;
  in.rate_hz = 86.1328125;
  in.times = {0.0, 0.1, 0.2, 0.3};
  in.rows = {{-60}, {-30}, {0}, {30}};  // the last lies beyond the training range
  auto p = predict_path(m, control_outputs(m, "m.json"), in, 0, "test", "f.json");
  ASSERT_EQ(p.frames.size(), 4u);
  EXPECT_EQ(p.rate_hz, in.rate_hz);
  EXPECT_NEAR(p.frames[0].x, -3, 1e-12);
  EXPECT_NEAR(p.frames[1].x, 0, 1e-12);
  EXPECT_NEAR(p.frames[1].y, 0, 1e-12);
  EXPECT_NEAR(p.frames[2].x, 3, 1e-12);
  EXPECT_NEAR(p.frames[3].x, 3, 1e-12);   // clamped
  EXPECT_NEAR(p.frames[3].y, -3, 1e-12);  // clamped
  EXPECT_NEAR(p.frames[0].noise, 1.0, 1e-12);
  EXPECT_NEAR(p.frames[0].ramp_ms, 2500, 1e-9);
  EXPECT_EQ(p.frames[2].t, 0.2);
}

TEST(ExplorerControlPath, NonFiniteInputNamesTheFrame) {
  Mlp m = passthrough();
  InputFrames in;
  in.rate_hz = 10;
  in.times = {0.0, 0.1};
  in.rows = {{-60}, {std::nan("")}};
  try {
    predict_path(m, control_outputs(m, "m.json"), in, 0, "", "f.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("frame 1"), std::string::npos) << e.what();
  }
}

TEST(ExplorerControlPath, BareModelsMapOutputsByPosition) {
  Mlp m = make_mlp(2, {}, 3, Activation::Sigmoid, Activation::Sigmoid);
  auto map = control_outputs(m, "m.json");
  EXPECT_EQ(map.x, 0);
  EXPECT_EQ(map.noise, 2);
  EXPECT_EQ(map.ramp_ms, -1);
  Mlp one = make_mlp(2, {}, 1, Activation::Sigmoid, Activation::Sigmoid);
  EXPECT_THROW(control_outputs(one, "m.json"), Error);
}
