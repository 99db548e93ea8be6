#include "features/pitch.hpp"
#include "features/hot.hpp"


#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "features/stft.hpp"

namespace lw::features {

double hz_to_midi(double hz) { return hz > 0 ? 69.0 + 12.0 * std::log2(hz / 440.0) : 0.0; }

YinFft::YinFft(int window, int fft, double sample_rate, double min_freq, double max_freq)
    : fft_(fft), sr_(sample_rate), inverse_(std::size_t(fft)), power_(std::size_t(fft / 2 + 1)),
      r_(std::size_t(fft / 2 + 1)),
      d_(std::size_t(fft / 2 + 1)), cum_(std::size_t(fft / 2 + 1)), wnorm_(std::size_t(fft / 2 + 1)) {
  // The window's own circular autocorrelation (double precision, once).
  {
    RealFft rfft{static_cast<std::size_t>(fft)};
    std::vector<double> w = hann_periodic(window), rw(static_cast<std::size_t>(fft));
    w.resize(std::size_t(fft), 0.0);
    std::vector<std::complex<double>> spec(std::size_t(fft / 2 + 1));
    rfft.forward(w.data(), spec.data());
    for (auto& c : spec) c = std::norm(c);
    rfft.inverse(spec.data(), rw.data());
    for (std::size_t t = 0; t < wnorm_.size(); ++t) wnorm_[t] = rw[t] > 1e-9 * rw[0] ? float(rw[0] / rw[t]) : 0.0f;
  }
  // The lags searched must lie inside the difference function (fft/2 + 1
  // values) with room for the parabola: a high sample rate or a small --fft
  // leaves no lag for the highest pitch, which read past the buffer.
  const double lag_min = std::floor(sample_rate / max_freq);
  if (!(lag_min <= double(fft / 2 - 3)))
    fail_usage("pitch: --fft " + std::to_string(fft) + " at " + format_double(sample_rate) +
               " Hz measures periods of at most " + std::to_string(std::max(0, fft / 2 - 3)) +
               " samples, shorter than one period of the pitch max freq " + format_double(max_freq) +
               " Hz (" + format_double(lag_min) + " samples); use a larger --fft or a higher --max-freq");
  tau_min_ = std::max(2, int(lag_min));
  tau_max_ = int(std::min(double(fft / 2 - 1), std::ceil(sample_rate / min_freq)));
  if (tau_max_ < tau_min_ + 2) tau_max_ = std::min(fft / 2 - 1, tau_min_ + 2);
  taus_.resize(std::size_t(fft / 2 + 1));
  for (std::size_t k = 0; k < taus_.size(); ++k) taus_[k] = float(k);
}

namespace {

typedef float v8f __attribute__((vector_size(32)));
typedef int v8i __attribute__((vector_size(32)));

// out[i] = x[0] + ... + x[i] for i < n, by blocks of 8: each block's own
// running sum in a vector (three shifted adds, independent of the other
// blocks), then the block offsets, one scalar addition per block (a chain 8
// times shorter than a plain running sum; a few ulps from it). Vectors of
// the compiler's vector extension: the same operations in every clone.
inline void running_sum(const float* x, float* out, int n) {
  const v8f zero = {0, 0, 0, 0, 0, 0, 0, 0};
  const v8i s1 = {8, 0, 1, 2, 3, 4, 5, 6}, s2 = {8, 8, 0, 1, 2, 3, 4, 5}, s4 = {8, 8, 8, 8, 0, 1, 2, 3};
  const int n8 = n / 8 * 8;
  for (int i = 0; i < n8; i += 8) {
    v8f v;
    std::memcpy(&v, x + i, sizeof v);
    v += __builtin_shuffle(v, zero, s1);
    v += __builtin_shuffle(v, zero, s2);
    v += __builtin_shuffle(v, zero, s4);
    std::memcpy(out + i, &v, sizeof v);
  }
  float acc = 0;
  for (int i = 0; i < n8; i += 8) {
    const float next = acc + out[i + 7];
    const v8f a = {acc, acc, acc, acc, acc, acc, acc, acc};
    v8f v;
    std::memcpy(&v, out + i, sizeof v);
    v += a;
    std::memcpy(out + i, &v, sizeof v);
    acc = next;
  }
  for (int i = n8; i < n; ++i) {
    acc += x[i];
    out[i] = acc;
  }
}

}  // namespace

LW_FEATURES_HOT PitchEstimate YinFft::process(const double* power) {
  float* pw = power_.data();
  const std::size_t nb = power_.size();
  for (std::size_t k = 0; k < nb; ++k) pw[k] = float(power[k]);
  inverse_.run(pw, r_.data());
  const float r0 = r_[0];
  PitchEstimate est;
  if (!(r0 > 1e-20f)) return est;

  // Cumulative mean normalised difference up to tau_max + 1 (for the
  // parabola): first d and its running sum (by blocks: see running_sum),
  // then the ratios in a separate, vectorisable loop (the division is
  // done with a harmless denominator where cum <= 0 and its result dropped).
  const int last = std::min(tau_max_ + 1, fft_ / 2);
  float* d = d_.data();
  float* cum = cum_.data();
  const float* r = r_.data();
  const float* wn = wnorm_.data();
  const float* taus = taus_.data();
  for (int tau = 1; tau <= last; ++tau) d[tau] = 2.0f * (r0 - r[tau] * wn[tau]);
  running_sum(d + 1, cum + 1, last);
  d[0] = 1.0f;
  for (int t = 1; t <= last; ++t) {
    const float ct = cum[t];
    const bool ok = ct > 0;
    const float q = d[t] * taus[t] / (ok ? ct : 1.0f);
    d[t] = ok ? q : 1.0f;
  }
  // YIN's absolute threshold (step 4 of de Cheveigne & Kawahara): the first
  // dip below the threshold, followed to its bottom, wins over a deeper
  // minimum at a multiple of the period; without such a dip, the global
  // minimum.
  const double threshold = 0.1;
  int best = -1;
  for (int k = tau_min_; k <= tau_max_; ++k) {
    if (double(d[k]) < threshold) {
      while (k + 1 <= tau_max_ && d[k + 1] < d[k]) ++k;
      best = k;
      break;
    }
  }
  if (best < 0) {
    // Global minimum over [tau_min, tau_max] (the first one on ties): the
    // smallest value by lanes (a vector of the compiler's vector
    // extension), then its first lag.
    const float d0 = d[tau_min_];
    v8f lane = {d0, d0, d0, d0, d0, d0, d0, d0};
    int t = tau_min_;
    for (; t + 7 <= tau_max_; t += 8) {
      v8f x;
      std::memcpy(&x, d + t, sizeof x);
      lane = x < lane ? x : lane;
    }
    float best_v = d0;
    for (int l = 0; l < 8; ++l) best_v = std::min(best_v, lane[l]);
    for (; t <= tau_max_; ++t) best_v = std::min(best_v, d[t]);
    best = tau_min_;
    while (d[best] != best_v) ++best;
  }

  // Parabolic interpolation of the minimum.
  double period = best;
  double dmin = d_[std::size_t(best)];
  if (best > 1 && best < last) {
    const double a = d_[std::size_t(best - 1)], b = d_[std::size_t(best)], c = d_[std::size_t(best + 1)];
    const double den = a - 2 * b + c;
    if (den > 0) {
      const double shift = 0.5 * (a - c) / den;
      if (std::fabs(shift) < 1) {
        period = best + shift;
        dmin = b - 0.25 * (a - c) * shift;
      }
    }
  }
  est.hz = sr_ / period;
  est.confidence = std::clamp(1.0 - dmin, 0.0, 1.0);
  return est;
}

}  // namespace lw::features
