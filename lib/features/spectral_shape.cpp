#include "features/spectral_shape.hpp"

#include <algorithm>
#include <cmath>

namespace lw::features {

SpectralShape::SpectralShape(const ShapeParams& params) : p_(params) {
  const int nyquist_bin = p_.fft / 2;
  const double bin_hz = p_.sample_rate / p_.fft;
  // As FluCoMa: lowest bin at or above min_freq, highest at or below max_freq.
  lo_ = std::max(0, int(std::ceil(p_.min_freq / bin_hz - 1e-9)));
  hi_ = p_.max_freq > 0 ? std::min(nyquist_bin, int(std::floor(p_.max_freq / bin_hz + 1e-9))) : nyquist_bin;
  if (p_.midi_unit && lo_ == 0) lo_ = 1;  // 0 Hz has no pitch
  if (lo_ > hi_) lo_ = hi_;
  freq_.resize(std::size_t(hi_ - lo_ + 1));
  w_.resize(freq_.size());
  for (int k = lo_; k <= hi_; ++k) {
    const double f = k * bin_hz;
    freq_[std::size_t(k - lo_)] = p_.midi_unit ? 69.0 + 12.0 * std::log2(f / 440.0) : f;
  }
}

Shape SpectralShape::process(const double* magnitude) {
  Shape s;
  const std::size_t n = freq_.size();
  double sum = 0, wf = 0, wmax = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double m = magnitude[std::size_t(lo_) + i];
    const double w = p_.power ? m * m : m;
    w_[i] = w;
    sum += w;
    wf += w * freq_[i];
    wmax = std::max(wmax, w);
  }
  if (!(sum > 0)) return s;  // silence: documented zeros

  const double c = wf / sum;
  double m2 = 0, m3 = 0, m4 = 0;
  // Sum of logs as the log of a product, renormalised with frexp every 8
  // bins (8 factors >= 1e-20 stay far inside double range); one log per frame.
  const double floor = p_.power ? 1e-20 : 1e-10;
  double prod = 1.0;
  long expo = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double d = freq_[i] - c, d2 = d * d, w = w_[i];
    m2 += w * d2;
    m3 += w * d2 * d;
    m4 += w * d2 * d2;
    prod *= std::max(w, floor);
    if ((i & 7) == 7) {
      int e = 0;
      prod = std::frexp(prod, &e);
      expo += e;
    }
  }
  const double logsum = std::log(prod) + double(expo) * M_LN2;
  m2 /= sum;
  m3 /= sum;
  m4 /= sum;
  s.centroid = c;
  s.spread = std::sqrt(m2);
  if (m2 > 0) {
    s.skewness = m3 / (m2 * s.spread);
    s.kurtosis = m4 / (m2 * m2);
  }

  // Rolloff: first bin where the cumulative sum reaches the target, then
  // linear interpolation between that bin and the one before.
  const double target = p_.rolloff / 100.0 * sum;
  double cum = 0;
  s.rolloff = freq_[n - 1];
  for (std::size_t i = 0; i < n; ++i) {
    const double prev = cum;
    cum += w_[i];
    if (cum >= target) {
      if (i == 0 || w_[i] <= 0) {
        s.rolloff = freq_[i];
      } else {
        s.rolloff = freq_[i - 1] + (target - prev) / w_[i] * (freq_[i] - freq_[i - 1]);
      }
      break;
    }
  }

  const double mean = sum / double(n);
  s.flatness = 20.0 * std::log10(std::exp(logsum / double(n)) / mean);
  s.crest = 20.0 * std::log10(wmax / mean);
  return s;
}

}  // namespace lw::features
