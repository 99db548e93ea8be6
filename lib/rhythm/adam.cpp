#include "rhythm/adam.hpp"

#include <cmath>

namespace lw::rhythm {

AdamStep adam_step(double lr, double beta1, double beta2, double eps, long t) {
  AdamStep s;
  s.step_size = float(lr / (1 - std::pow(beta1, double(t))));
  s.bc2_sqrt = float(std::sqrt(1 - std::pow(beta2, double(t))));
  s.beta1 = float(beta1);
  s.beta2 = float(beta2);
  s.eps = float(eps);
  return s;
}

// Compiled for AVX-512, AVX2 and baseline x86-64, picked at load time: the
// square root and division make this loop compute-bound at SSE width. The
// arithmetic is the same in each (-ffp-contract=off: no fused multiply-add).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void adam_update(float* __restrict w, const float* __restrict g, float* __restrict m, float* __restrict v,
                 std::size_t n, const AdamStep& s) {
  const float b1 = s.beta1, b2 = s.beta2, c1 = 1 - s.beta1, c2 = 1 - s.beta2;
  const float step = s.step_size, inv_bc2 = 1 / s.bc2_sqrt, eps = s.eps;
  for (std::size_t i = 0; i < n; ++i) {
    const float gi = g[i];
    const float mi = b1 * m[i] + c1 * gi;
    const float vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    w[i] -= step * mi / (std::sqrt(vi) * inv_bc2 + eps);
  }
}

}  // namespace lw::rhythm
