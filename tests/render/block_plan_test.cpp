#include "render/block_plan.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"

using namespace lw::render;

TEST(BlockPlan, BlocksCoverTheSequenceAndFadesJoinUp) {
  for (std::int64_t frames : {1, 7, 128, 129, 1000, 14063}) {
    for (BlockSpec spec : {BlockSpec{128, 16}, BlockSpec{32, 8}, BlockSpec{10, 0}, BlockSpec{5, 1}}) {
      auto blocks = plan_blocks(frames, spec);
      ASSERT_FALSE(blocks.empty());
      EXPECT_EQ(blocks.front().start, 0);
      EXPECT_EQ(blocks.back().end, frames);
      // Emitted stretches: [fade_in_start (or 0), fade_out_start (or end)), contiguous.
      std::int64_t pos = 0;
      for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto& b = blocks[i];
        EXPECT_LE(b.end - b.start, spec.block);
        const std::int64_t from = i == 0 ? 0 : b.fade_in_start;
        EXPECT_EQ(from, pos);
        EXPECT_GE(b.fade_in_start, b.start);
        EXPECT_LE(b.fade_out_end, b.end);
        pos = i + 1 == blocks.size() ? b.end : b.fade_out_start;
      }
      EXPECT_EQ(pos, frames);
    }
  }
}

TEST(BlockPlan, RefusesBadSizes) {
  EXPECT_THROW(plan_blocks(10, {0, 0}), lw::Error);
  EXPECT_THROW(plan_blocks(10, {8, 8}), lw::Error);
  EXPECT_THROW(plan_blocks(10, {8, -1}), lw::Error);
}

TEST(Crossfade, IdenticalSignalsPassUnchangedUncorrelatedKeepPower) {
  for (std::size_t i = 0; i < 64; ++i) {
    float ga, gb;
    crossfade_gains(i, 64, 1.0, ga, gb);
    EXPECT_NEAR(ga + gb, 1.0, 1e-6);  // equal gain
    crossfade_gains(i, 64, 0.0, ga, gb);
    EXPECT_NEAR(ga * ga + gb * gb, 1.0, 1e-6);  // equal power
  }
  float ga, gb;
  crossfade_gains(0, 64, 0.5, ga, gb);
  EXPECT_GT(ga, 0.99f);
  crossfade_gains(63, 64, 0.5, ga, gb);
  EXPECT_GT(gb, 0.99f);
}

TEST(Crossfade, Correlation) {
  std::vector<float> a(100), b(100), c(100);
  for (int i = 0; i < 100; ++i) {
    a[i] = std::sin(0.3f * i);
    b[i] = 2 * a[i];
    c[i] = -a[i];
  }
  EXPECT_NEAR(segment_correlation(a.data(), b.data(), 100), 1.0, 1e-9);
  EXPECT_EQ(segment_correlation(a.data(), c.data(), 100), 0.0);  // clamped
  std::vector<float> z(100, 0.0f);
  EXPECT_EQ(segment_correlation(a.data(), z.data(), 100), 0.0);
}
