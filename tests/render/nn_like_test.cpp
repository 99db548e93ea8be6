// nn~'s buffer rules, delay and input holding, as render/nn_like.hpp
// describes them.
#include "render/nn_like.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using namespace lw;
using namespace lw::render;

TEST(NnLike, BufferSizeAndDelay) {
  auto p = plan_nn_like({4096, 64}, 2048);
  EXPECT_EQ(p.buffer, 4096);
  EXPECT_TRUE(p.threaded);
  EXPECT_EQ(p.delay, 2 * 4096 - 64);
  EXPECT_EQ(p.frames_per_call, 2);
  p = plan_nn_like({3000, 64}, 512);  // power_ceil
  EXPECT_EQ(p.buffer, 4096);
  p = plan_nn_like({1000, 64}, 2048);  // too small: the highest ratio
  EXPECT_EQ(p.buffer, 2048);
  EXPECT_EQ(p.frames_per_call, 1);
  p = plan_nn_like({0, 64}, 2048);  // no thread
  EXPECT_FALSE(p.threaded);
  EXPECT_EQ(p.buffer, 2048);
  EXPECT_EQ(p.delay, 2048 - 64);
  EXPECT_THROW(plan_nn_like({4096, 100}, 2048), Error);
}

TEST(NnLike, HeldFramesTakeTheLastSampleOfEachRatioPiece) {
  walk::Trajectory w;
  for (double t : {10.0, 10.05, 10.0625, 10.2}) {
    walk::Frame f;
    f.t = t;
    w.frames.push_back(f);
  }
  // ratio 100 at 1000 Hz: frame j is read at sample 100 j + 99, i.e. t0 + 0.099, 0.199, ...
  auto h = held_frames(w, 1000, 100, 4);
  EXPECT_EQ(h, (std::vector<std::size_t>{2, 2, 3, 3}));
  // an arrival exactly on the sample read counts (0.0625 s = sample 64 at 1024 Hz; ratio 65 reads sample 64)
  EXPECT_EQ(held_frames(w, 1024, 65, 1)[0], 2u);
  EXPECT_EQ(held_frames(w, 1024, 64, 1)[0], 1u);
  // 1 s at 48 kHz after a delay of 8128 samples: 39872 samples = 10 calls of 2 frames
  EXPECT_EQ(nn_like_latent_frames(plan_nn_like({4096, 64}, 2048), 2048, 48000), 20);
}
