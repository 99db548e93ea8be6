#include "features/spectral_shape.hpp"
#include "features/hot.hpp"

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
  blk_.resize(std::size_t(size) / 8 + 1);
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

typedef double v4d __attribute__((vector_size(32)));

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

LW_FEATURES_HOT Shape SpectralShape::process(const double* magnitude) {
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

  // Sums over blocks of kBlock bins: the block sums feed the total (summed
  // block by block, in the order the rolloff scan uses) and let the rolloff
  // skip whole blocks. Within a block and for the weighted sums, kLanes
  // independent partial sums (short dependency chains; the compiler keeps
  // them in vector registers). Rounding differs from a plain left-to-right
  // sum by a few ulps.
  constexpr std::size_t kLanes = 4, kBlock = 8;
  const std::size_t nblocks = n / kBlock;
  double* bsum = blk_.data();
  // (The lanes are vectors of the compiler's vector extension, v4d below:
  // element-wise operations, the same in every clone; max as std::max.)
  static_assert(kBlock == 2 * kLanes, "a block is two vectors");
  typedef double v4d_ __attribute__((vector_size(32)));
  v4d_ wf_l = {0, 0, 0, 0}, max_l = wf_l;
  double sum = 0;
  for (std::size_t b = 0; b < nblocks; ++b) {
    v4d_ w0, w1, f0, f1;  // (memcpy: unaligned vector loads)
    std::memcpy(&w0, w + b * kBlock, sizeof w0);
    std::memcpy(&w1, w + b * kBlock + kLanes, sizeof w1);
    std::memcpy(&f0, f + b * kBlock, sizeof f0);
    std::memcpy(&f1, f + b * kBlock + kLanes, sizeof f1);
    const v4d_ s_l = w0 + w1;
    wf_l += w0 * f0;
    wf_l += w1 * f1;
    max_l = max_l < w0 ? w0 : max_l;
    max_l = max_l < w1 ? w1 : max_l;
    bsum[b] = (s_l[0] + s_l[1]) + (s_l[2] + s_l[3]);
    sum += bsum[b];
  }
  double wf = (wf_l[0] + wf_l[1]) + (wf_l[2] + wf_l[3]);
  double wmax = std::max(std::max(max_l[0], max_l[1]), std::max(max_l[2], max_l[3]));
  for (std::size_t i = nblocks * kBlock; i < n; ++i) {
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
  // (Four lanes in a vector of the compiler's vector extension: element-wise
  // arithmetic, the same in every clone; two product chains.)
  v4d m2v = {0, 0, 0, 0}, m3v = m2v, m4v = m2v;
  const v4d cv = {c, c, c, c}, imv = {inv_mean, inv_mean, inv_mean, inv_mean};
  double logsum = 0;
  const bool product_ok = wmin_bound * inv_mean >= 1e-60 && double(n) < 1e60;
  long expo = 0;
  const std::size_t n4 = n / kLanes * kLanes;
  // group g of four bins multiplies into chain g % 2 (two registers)
  auto step = [&](std::size_t i, double& pr) {
    v4d wi, fi;  // (memcpy: unaligned vector loads)
    std::memcpy(&wi, w + i, sizeof wi);
    std::memcpy(&fi, f + i, sizeof fi);
    const v4d d = fi - cv, d2 = d * d;
    m2v += wi * d2;
    m3v += wi * d2 * d;
    m4v += wi * d2 * d2;
    const v4d q = wi * imv;
    if (product_ok) {
      pr *= (q[0] * q[1]) * (q[2] * q[3]);
      pr = split_exponent(pr, expo);
    } else {
      for (std::size_t l = 0; l < kLanes; ++l) logsum += std::log(q[l]);
    }
  };
  double prod0 = 1.0, prod1 = 1.0;
  std::size_t i4 = 0;
  for (; i4 + 2 * kLanes <= n4; i4 += 2 * kLanes) {
    step(i4, prod0);
    step(i4 + kLanes, prod1);
  }
  if (i4 < n4) step(i4, prod0);
  double m2 = (m2v[0] + m2v[1]) + (m2v[2] + m2v[3]);
  double m3 = (m3v[0] + m3v[1]) + (m3v[2] + m3v[3]);
  double m4 = (m4v[0] + m4v[1]) + (m4v[2] + m4v[3]);
  for (std::size_t i = n4; i < n; ++i) {
    const double d = f[i] - c, d2 = d * d, wi = w[i];
    m2 += wi * d2;
    m3 += wi * d2 * d;
    m4 += wi * d2 * d2;
    logsum += std::log(wi * inv_mean);
  }
  if (product_ok) logsum += std::log(prod0 * prod1) + double(expo) * M_LN2;
  const double var = m2 / sum;
  s.centroid = c;
  s.spread = std::sqrt(var);
  if (var > 0) {  // zero variance (one-bin band): FluCoMa's 0/0, defined as 0 here
    s.skewness = m3 / (var * s.spread * sum);
    s.kurtosis = m4 / (var * var * sum);
  }

  // Step 8: rolloff. Whole blocks are skipped while the running sum stays
  // below the target (the running sum over blocks is `sum` itself at the
  // end, so a 100 % target is reached); then bin by bin. Should rounding
  // ever leave the target unreached inside the block, its last bin's
  // frequency, and the highest frequency after the last bin.
  const double target = sum * p_.rolloff / 100.0;
  double cum = 0;
  std::size_t i0 = 0;
  for (std::size_t b = 0; b < nblocks && cum + bsum[b] < target; ++b, i0 += kBlock) cum += bsum[b];
  const std::size_t i_end = i0 < nblocks * kBlock ? i0 + kBlock : n;
  s.rolloff = f[i_end - 1];
  for (std::size_t i = i0; i < i_end; ++i) {
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
