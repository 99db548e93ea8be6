// Principal-component scores of drum loops, for the latent anchor of
// RhythmVae::train (TrainOptions::anchor). Torch-free.
#pragma once
#include <vector>

#include "rhythm/drum_pattern.hpp"

namespace lw::rhythm {

// The first `k` principal-component scores of the loops' onset grids, one row
// per loop, each column scaled to unit variance over the loops (a column is
// zero where the loops vary in fewer than k directions). A component's sign
// makes its largest loading (in absolute value) positive. Deterministic:
// power iteration with deflation from a fixed start, in double precision.
std::vector<std::vector<double>> principal_scores(const std::vector<Pattern>& loops, int k);

}  // namespace lw::rhythm
