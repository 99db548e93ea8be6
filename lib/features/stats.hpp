// Order statistics shared by ambitus, stats and diff.
#pragma once
#include <vector>

namespace lw::features {

// p-th percentile (0..100) of sorted values, linear interpolation between
// order statistics at rank p/100 * (n-1) (numpy's default). Empty -> 0.
double percentile_sorted(const std::vector<double>& sorted, double p);

}  // namespace lw::features
