#include "features/pitch.hpp"


#include <algorithm>
#include <cmath>

#include "features/stft.hpp"

namespace lw::features {

double hz_to_midi(double hz) { return hz > 0 ? 69.0 + 12.0 * std::log2(hz / 440.0) : 0.0; }

YinFft::YinFft(int window, int fft, double sample_rate, double min_freq, double max_freq)
    : fft_(fft), sr_(sample_rate), inverse_(std::size_t(fft)), power_(std::size_t(fft / 2 + 1)), r_(std::size_t(fft / 2 + 1)),
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
    for (std::size_t t = 0; t < wnorm_.size(); ++t) wnorm_[t] = rw[t] > 1e-9 * rw[0] ? rw[0] / rw[t] : 0.0;
  }
  tau_min_ = std::max(2, int(std::floor(sample_rate / max_freq)));
  tau_max_ = std::min(fft / 2 - 1, int(std::ceil(sample_rate / min_freq)));
  if (tau_max_ < tau_min_ + 2) tau_max_ = std::min(fft / 2 - 1, tau_min_ + 2);
}

PitchEstimate YinFft::process(const std::complex<double>* bins) {
  const std::size_t nb = power_.size();
  for (std::size_t k = 0; k < nb; ++k) power_[k] = std::norm(bins[k]);
  inverse_.run(power_.data(), r_.data());
  const double r0 = r_[0];
  PitchEstimate est;
  if (!(r0 > 1e-20)) return est;

  // Cumulative mean normalised difference up to tau_max + 1 (for the
  // parabola): first d and its running sum, then the ratios in a separate,
  // vectorisable loop.
  const int last = std::min(tau_max_ + 1, fft_ / 2);
  double* d = d_.data();
  double* cum = cum_.data();
  const double* r = r_.data();
  const double* wn = wnorm_.data();
  double acc = 0;
  for (int tau = 1; tau <= last; ++tau) {
    d[tau] = 2.0 * (r0 - r[tau] * wn[tau]);
    acc += d[tau];
    cum[tau] = acc;
  }
  d[0] = 1.0;
  for (int tau = 1; tau <= last; ++tau) d[tau] = cum[tau] > 0 ? d[tau] * tau / cum[tau] : 1.0;
  int best = tau_min_;
  double best_v = d[best];
  for (int tau = tau_min_ + 1; tau <= tau_max_; ++tau)
    if (d[tau] < best_v) {
      best_v = d[tau];
      best = tau;
    }

  // YIN's absolute threshold (step 4 of de Cheveigne & Kawahara): the first
  // dip below the threshold, followed to its bottom, wins over a deeper
  // minimum at a multiple of the period; without such a dip, the global
  // minimum.
  const double threshold = 0.1;
  for (int tau = tau_min_; tau <= tau_max_; ++tau) {
    if (d_[std::size_t(tau)] < threshold) {
      while (tau + 1 <= tau_max_ && d_[std::size_t(tau + 1)] < d_[std::size_t(tau)]) ++tau;
      best = tau;
      break;
    }
  }

  // Parabolic interpolation of the minimum.
  double tau = best;
  double dmin = d_[std::size_t(best)];
  if (best > 1 && best < last) {
    const double a = d_[std::size_t(best - 1)], b = d_[std::size_t(best)], c = d_[std::size_t(best + 1)];
    const double den = a - 2 * b + c;
    if (den > 0) {
      const double shift = 0.5 * (a - c) / den;
      if (std::fabs(shift) < 1) {
        tau = best + shift;
        dmin = b - 0.25 * (a - c) * shift;
      }
    }
  }
  est.hz = sr_ / tau;
  est.confidence = std::clamp(1.0 - dmin, 0.0, 1.0);
  return est;
}

}  // namespace lw::features
