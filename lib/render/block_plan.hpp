// Planning block-wise decoding: a latent sequence is decoded in blocks of
// latent frames that overlap; in each overlap the two blocks' outputs are
// cross-faded. Memory then depends on the block size, not on the duration,
// and non-streaming models (which click when decoded in short independent
// chunks) keep long context around every output sample.
//
// Layout of one overlap of `overlap` frames: the outer quarter on each side
// is trimmed (there a block sees its own edge, where a convolutional decoder
// is least like a one-shot decode) and the cross-fade spans the middle half.
#pragma once
#include <cstdint>
#include <vector>

namespace lw::render {

struct BlockSpec {
  std::int64_t block = 128;   // latent frames per decode call
  std::int64_t overlap = 16;  // frames shared by consecutive blocks
};

struct Block {
  std::int64_t start = 0, end = 0;  // latent frames decoded: [start, end)
  // Cross-fade with the previous block over frames [fade_in_start, fade_in_end)
  // (empty for the first block), and with the next one over
  // [fade_out_start, fade_out_end) (empty for the last).
  std::int64_t fade_in_start = 0, fade_in_end = 0;
  std::int64_t fade_out_start = 0, fade_out_end = 0;
};

// Throws a usage error unless block >= 1, 0 <= overlap < block.
void check_block_spec(const BlockSpec& spec);
// Blocks covering [0, frames). frames <= block gives one block.
std::vector<Block> plan_blocks(std::int64_t frames, const BlockSpec& spec);

// Normalised correlation of two equally long multichannel segments,
// sum(a*b) / sqrt(sum(a^2) sum(b^2)), clamped to [0, 1] (0 when silent).
double segment_correlation(const float* a, const float* b, std::size_t n);

// Cross-fade gains at position i of n for outgoing (ga) and incoming (gb)
// signals whose correlation is rho: the fade law w (raised cosine) is
// normalised so the expected power stays constant,
//   ga = (1-w)/s, gb = w/s, s = sqrt((1-w)^2 + w^2 + 2 rho w (1-w))
// (signal-matched power-complementary cross-fade, Fink, Holters & Zoelzer,
// DAFx 2016). rho = 0 gives the equal-power law, rho = 1 equal-gain, so
// identical block contents pass through unchanged.
void crossfade_gains(std::size_t i, std::size_t n, double rho, float& ga, float& gb);

}  // namespace lw::render
