#include "render/panning.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"

using namespace lw::render;

TEST(Pan, EqualPowerFromAzimuth) {
  for (double az = -360; az <= 360; az += 7.5) {
    auto g = pan_gains(az);
    EXPECT_NEAR(g.left * g.left + g.right * g.right, 1.0, 1e-6) << az;
  }
  auto front = pan_gains(0);
  EXPECT_NEAR(front.left, front.right, 1e-6);
  auto right_turn = pan_gains(90);  // source (at +z) is now on the left
  EXPECT_NEAR(right_turn.left, 1.0, 1e-6);
  EXPECT_NEAR(right_turn.right, 0.0, 1e-6);
  auto left_turn = pan_gains(270);
  EXPECT_NEAR(left_turn.right, 1.0, 1e-6);
}

TEST(Pan, MonoStreamFollowsAzimuthPerFrame) {
  // Two latent frames of 4 samples: azimuth 0 then 90, interpolated.
  StereoStage stage(Stereo::Pan, 1, {0.0, 90.0}, 4);
  std::vector<float> in(8, 1.0f), out;
  stage.process(in.data(), 8, out);
  ASSERT_EQ(out.size(), 16u);
  EXPECT_NEAR(out[0], out[1], 1e-6);       // centred at frame 0
  EXPECT_NEAR(out[2 * 4], 1.0f, 1e-6);     // frame 1: all left
  EXPECT_NEAR(out[2 * 4 + 1], 0.0f, 1e-6);
  EXPECT_GT(out[2 * 2], out[2 * 2 + 1]);   // half-way: leaning left
}

TEST(Rotate, IdentityFacingForwardSwapFacingBack) {
  std::vector<float> in = {1.0f, 0.2f};
  std::vector<float> out;
  StereoStage fwd(Stereo::Rotate, 2, {0.0}, 4);
  fwd.process(in.data(), 1, out);
  EXPECT_NEAR(out[0], 1.0f, 1e-6);
  EXPECT_NEAR(out[1], 0.2f, 1e-6);
  StereoStage back(Stereo::Rotate, 2, {180.0}, 4);
  back.process(in.data(), 1, out);
  EXPECT_NEAR(out[0], 0.2f, 1e-5);
  EXPECT_NEAR(out[1], 1.0f, 1e-5);
  StereoStage side(Stereo::Rotate, 2, {90.0}, 4);  // mono image, on the left
  side.process(in.data(), 1, out);
  EXPECT_NEAR(out[1], 0.0f, 1e-6);
  EXPECT_NEAR(out[0], std::sqrt(2.0) * 0.6, 1e-5);
}

TEST(Stereo, ModeMustFitTheModel) {
  EXPECT_THROW(StereoStage(Stereo::Pan, 2, {0.0}, 4), lw::Error);
  EXPECT_THROW(StereoStage(Stereo::Rotate, 1, {0.0}, 4), lw::Error);
  EXPECT_THROW(StereoStage(Stereo::None, 3, {0.0}, 4), lw::Error);
}
