#include "features/loudness.hpp"
#include "features/hot.hpp"

#include <algorithm>
#include <cmath>

namespace lw::features {

KWeighting::KWeighting(double sample_rate) {
  // Stage 1, high shelf (BS.1770-4 "pre-filter"); analog parameters as
  // derived in libebur128 (MIT) so that at 48 kHz the BS.1770 table results.
  {
    const double f0 = 1681.974450955533, gain_db = 3.999843853973347, q = 0.7071752369554196;
    const double k = std::tan(M_PI * f0 / sample_rate);
    const double vh = std::pow(10.0, gain_db / 20.0);
    const double vb = std::pow(vh, 0.4996667741545416);
    const double a0 = 1.0 + k / q + k * k;
    b1_[0] = (vh + vb * k / q + k * k) / a0;
    b1_[1] = 2.0 * (k * k - vh) / a0;
    b1_[2] = (vh - vb * k / q + k * k) / a0;
    a1_[0] = 1.0;
    a1_[1] = 2.0 * (k * k - 1.0) / a0;
    a1_[2] = (1.0 - k / q + k * k) / a0;
  }
  // Stage 2, RLB high-pass.
  {
    const double f0 = 38.13547087602444, q = 0.5003270373238773;
    const double k = std::tan(M_PI * f0 / sample_rate);
    const double a0 = 1.0 + k / q + k * k;
    b2_[0] = 1.0;
    b2_[1] = -2.0;
    b2_[2] = 1.0;
    a2_[0] = 1.0;
    a2_[1] = 2.0 * (k * k - 1.0) / a0;
    a2_[2] = (1.0 - k / q + k * k) / a0;
  }
}

double KWeighting::process(double x) {
  // Transposed direct form II.
  const double y1 = b1_[0] * x + z1_[0];
  z1_[0] = b1_[1] * x - a1_[1] * y1 + z1_[1];
  z1_[1] = b1_[2] * x - a1_[2] * y1;
  const double y2 = b2_[0] * y1 + z2_[0];
  z2_[0] = b2_[1] * y1 - a2_[1] * y2 + z2_[1];
  z2_[1] = b2_[2] * y1 - a2_[2] * y2;
  return y2;
}

LW_FEATURES_HOT double mean_square_db(const double* x, std::size_t n, double offset) {
  // sixteen partial sums: four independent chains of four-lane vectors (the
  // compiler keeps them in registers; a single vector chain would wait on
  // the adder's latency)
  double p[16] = {};
  std::size_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (int j = 0; j < 16; ++j) p[j] += x[i + std::size_t(j)] * x[i + std::size_t(j)];
  for (int j = 0; j < 4; ++j) p[j] = (p[j] + p[j + 4]) + (p[j + 8] + p[j + 12]);
  double s = (p[0] + p[1]) + (p[2] + p[3]);
  for (; i < n; ++i) s += x[i] * x[i];
  const double ms = n ? s / double(n) : 0.0;
  if (!(ms > 0)) return kSilenceDb;
  return std::max(kSilenceDb, offset + 10.0 * std::log10(ms));
}

LW_FEATURES_HOT double peak_db(const double* x, std::size_t n) {
  double p = 0;
  for (std::size_t i = 0; i < n; ++i) p = std::max(p, std::fabs(x[i]));
  if (!(p > 0)) return kSilenceDb;
  return std::max(kSilenceDb, 20.0 * std::log10(p));
}

}  // namespace lw::features
