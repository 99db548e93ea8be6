#include "render/block_plan.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"

namespace lw::render {

void check_block_spec(const BlockSpec& spec) {
  if (spec.block < 1) fail_usage("--block must be at least 1 latent frame, got " + std::to_string(spec.block));
  if (spec.overlap < 0 || spec.overlap >= spec.block)
    fail_usage("--overlap must be between 0 and --block - 1 (" + std::to_string(spec.block - 1) + "), got " +
               std::to_string(spec.overlap));
}

std::vector<Block> plan_blocks(std::int64_t frames, const BlockSpec& spec) {
  check_block_spec(spec);
  std::vector<Block> blocks;
  if (frames <= 0) return blocks;
  const std::int64_t hop = spec.block - spec.overlap;
  const std::int64_t margin = spec.overlap / 4;
  for (std::int64_t start = 0;; start += hop) {
    Block b;
    b.start = start;
    b.end = std::min(frames, start + spec.block);
    blocks.push_back(b);
    if (b.end >= frames) break;
  }
  for (std::size_t i = 0; i + 1 < blocks.size(); ++i) {
    auto& cur = blocks[i];
    auto& next = blocks[i + 1];
    // Shared frames [next.start, cur.end); trim a margin on both sides.
    std::int64_t fs = next.start + margin, fe = cur.end - margin;
    if (fe < fs) fs = fe = (next.start + cur.end) / 2;
    cur.fade_out_start = next.fade_in_start = fs;
    cur.fade_out_end = next.fade_in_end = fe;
  }
  if (!blocks.empty()) {
    blocks.front().fade_in_start = blocks.front().fade_in_end = 0;
    blocks.back().fade_out_start = blocks.back().fade_out_end = frames;
  }
  return blocks;
}

double segment_correlation(const float* a, const float* b, std::size_t n) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    ab += double(a[i]) * b[i];
    aa += double(a[i]) * a[i];
    bb += double(b[i]) * b[i];
  }
  if (aa <= 0 || bb <= 0) return 0;
  return std::clamp(ab / std::sqrt(aa * bb), 0.0, 1.0);
}

void crossfade_gains(std::size_t i, std::size_t n, double rho, float& ga, float& gb) {
  const double w = 0.5 - 0.5 * std::cos(M_PI * (double(i) + 0.5) / double(n));
  const double a = 1 - w;
  const double s = std::sqrt(a * a + w * w + 2 * rho * a * w);
  ga = float(a / s);
  gb = float(w / s);
}

}  // namespace lw::render
