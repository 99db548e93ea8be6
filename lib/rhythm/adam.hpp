// Adam (Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2015) as
// one fused pass over a parameter: both moments, bias correction and the
// update, with the same arithmetic as torch.optim.Adam (eps outside the square
// root of the bias-corrected second moment). Torch-free so it can be compiled
// with -fno-math-errno and vectorised.
#pragma once
#include <cstddef>

namespace lw::rhythm {

struct AdamStep {
  float step_size;  // lr / (1 - beta1^t)
  float bc2_sqrt;   // sqrt(1 - beta2^t)
  float beta1, beta2, eps;
};

AdamStep adam_step(double lr, double beta1, double beta2, double eps, long t);

void adam_update(float* w, const float* g, float* m, float* v, std::size_t n, const AdamStep& s);

}  // namespace lw::rhythm
