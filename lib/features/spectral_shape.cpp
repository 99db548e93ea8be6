#include "features/spectral_shape.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace lw::features {

// Steps refer to the list in spectral_shape.hpp (after flucoma-core's
// SpectralShape::processFrame).
SpectralShape::SpectralShape(const ShapeParams& params) : p_(params) {
  const int nbins = p_.fft / 2 + 1;
  const double bin_hz = p_.sample_rate / ((nbins - 1) * 2.0);
  const double nyquist = p_.sample_rate / 2;
  const double max_freq = p_.max_freq > 0 ? std::min(p_.max_freq, nyquist) : nyquist;
  // Step 2 (no tolerance on the divisions, as FluCoMa).
  const double lo_d = std::ceil(p_.min_freq / bin_hz);
  if (!(lo_d < double(nbins))) return;  // beyond Nyquist: empty band
  long min_bin = long(lo_d);
  const long max_bin = std::min(long(std::floor(max_freq / bin_hz)), long(nbins - 1));
  if (max_bin <= min_bin) return;  // empty band: all outputs 0
  // Step 3: 0 Hz has no pitch; its energy joins bin 1.
  if (p_.midi_unit && min_bin == 0) {
    min_bin = 1;
    merge_dc_ = true;
  }
  const long size = max_bin - min_bin;  // step 4: bin max_bin is not used
  if (size <= 0) return;                // (MIDI unit, max_bin == 1)
  lo_ = int(min_bin);
  freq_.resize(std::size_t(size));
  w_.resize(std::size_t(size));
  // Step 5: `size` points from min_bin*bin_hz to max_bin*bin_hz inclusive.
  const double lo_hz = double(min_bin) * bin_hz, hi_hz = double(max_bin) * bin_hz;
  if (size == 1) {
    freq_[0] = hi_hz;  // Eigen's LinSpaced(1, low, high) is {high}
  } else {
    const double step = (hi_hz - lo_hz) / double(size - 1);
    for (long i = 0; i < size; ++i) freq_[std::size_t(i)] = lo_hz + double(i) * step;
  }
  if (p_.midi_unit)
    for (double& f : freq_) f = 69.0 + 12.0 * std::log2(f / 440.0);
}

namespace {

// x = m * 2^e with m in [1, 2): returns m * 0.5 (in [0.5, 1)) and adds e+1 to
// `expo`. Only for normal, positive x (the caller guarantees the range).
inline double split_exponent(double x, long& expo) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  expo += long((bits >> 52) & 0x7ff) - 1022;
  bits = (bits & ~(std::uint64_t(0x7ff) << 52)) | (std::uint64_t(1022) << 52);
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

}  // namespace

Shape SpectralShape::process(const double* magnitude) {
  Shape s;
  const std::size_t n = freq_.size();
  if (n == 0) return s;  // empty band
  const double eps = DBL_EPSILON;
  double* w = w_.data();
  const double* f = freq_.data();
  const double* m = magnitude + lo_;
  // Steps 1, 3, 4: floor, DC into bin 1 (MIDI), weights.
  for (std::size_t i = 0; i < n; ++i) w[i] = std::max(m[i], eps);
  if (merge_dc_) w[0] += std::max(magnitude[0], eps);
  if (p_.power)
    for (std::size_t i = 0; i < n; ++i) w[i] *= w[i];

  double sum = 0, wf = 0, wmax = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sum += w[i];
    wf += w[i] * f[i];
    wmax = std::max(wmax, w[i]);
  }
  const double c = wf / sum;
  const double mean = sum / double(n);
  const double inv_mean = 1.0 / mean;
  const double wmin_bound = p_.power ? eps * eps : eps;  // every w is >= this

  // Step 6 moments, and the geometric mean of w / mean for the flatness:
  // sum log(w_i / mean) as the log of a product (one log per frame),
  // renormalised every 4 factors. Dividing by the mean first keeps the sum
  // small (a flat spectrum, e.g. floored silence, gives exactly 0 dB) and
  // bounds the factors: each lies in [wmin_bound / mean, n], so 4 of them
  // stay far inside double range whenever wmin_bound / mean >= 1e-60;
  // otherwise (absurd levels) the logs are summed one by one.
  double m2 = 0, m3 = 0, m4 = 0;
  double logsum = 0;
  const bool product_ok = wmin_bound * inv_mean >= 1e-60 && double(n) < 1e60;
  if (product_ok) {
    double prod = 1.0;
    long expo = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double d = f[i] - c, d2 = d * d, wi = w[i];
      m2 += wi * d2;
      m3 += wi * d2 * d;
      m4 += wi * d2 * d2;
      prod *= wi * inv_mean;
      if ((i & 3) == 3) prod = split_exponent(prod, expo);
    }
    logsum = std::log(prod) + double(expo) * M_LN2;
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      const double d = f[i] - c, d2 = d * d, wi = w[i];
      m2 += wi * d2;
      m3 += wi * d2 * d;
      m4 += wi * d2 * d2;
      logsum += std::log(wi * inv_mean);
    }
  }
  const double var = m2 / sum;
  s.centroid = c;
  s.spread = std::sqrt(var);
  if (var > 0) {  // zero variance (one-bin band): FluCoMa's 0/0, defined as 0 here
    s.skewness = m3 / (var * s.spread * sum);
    s.kurtosis = m4 / (var * var * sum);
  }

  // Step 8: rolloff. The cumulative sum runs in the same order as `sum`, so
  // a 100 % target is reached at the last bin; should rounding ever leave it
  // unreached, the highest frequency.
  const double target = sum * p_.rolloff / 100.0;
  double cum = 0;
  s.rolloff = f[n - 1];
  for (std::size_t i = 0; i < n; ++i) {
    cum += w[i];
    if (cum >= target) {
      s.rolloff = i == 0 ? f[0] : f[i] - (f[i] - f[i - 1]) * (cum - target) / w[i];
      break;
    }
  }

  // Step 7: geometric mean / arithmetic mean = exp(mean log(w / mean)).
  const double flatness = std::exp(logsum / double(n));
  s.flatness = 20.0 * std::log10(std::max(flatness, eps));
  s.crest = 20.0 * std::log10(std::max(wmax * inv_mean, eps));
  return s;
}

}  // namespace lw::features
