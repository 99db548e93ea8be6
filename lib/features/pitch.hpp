// Pitch by YIN-FFT: YIN's cumulative mean normalised difference function
// (de Cheveigne & Kawahara, "YIN, a fundamental frequency estimator for
// speech and music", JASA 111(4), 2002) computed in the frequency domain from
// the frame's power spectrum (Brossier, "Automatic annotation of musical
// audio for interactive applications", PhD thesis, QMUL 2006, sec. 3.2.4;
// the estimator behind aubio's "yinfft" and FluCoMa's Pitch algorithm 2).
//
// From the Hann-windowed frame's power spectrum P_k, the circular
// autocorrelation r(tau) = IDFT(P)(tau), divided by the normalised
// autocorrelation of the window itself (Boersma, "Accurate short-term
// analysis of the fundamental frequency and the harmonics-to-noise ratio of
// a sampled sound", IFA Proceedings 17, 1993) so that the window's taper
// does not lift d at long lags (low notes would otherwise get a low
// confidence); the difference function
// d(tau) = 2 (r(0) - r(tau)); d'(0) = 1, d'(tau) = d(tau) tau / sum_{j=1..tau} d(j).
// (The inverse DFT of the real, even power spectrum runs as a DCT-I through a
// half-size real FFT: see EvenInverse.)
// The period is searched over lags sample_rate/max_freq ..
// min(sample_rate/min_freq, fft/2 - 1): the first dip of d' below 0.1
// (YIN's absolute threshold), else the global minimum, refined by parabolic
// interpolation. Lags beyond about fft/3 suffer from the circular
// autocorrelation: for notes below ~3 * sample_rate / fft Hz (130 Hz at the
// defaults) use a larger --fft (zero padding, e.g. 2048).
// Confidence = 1 - d'(period), clipped to [0, 1]. A silent frame gives
// pitch 0 and confidence 0.
// The autocorrelation and d' are computed in single precision (the power
// spectrum is rounded to float first): twice the vector width of double for
// the second transform and the lag loops. Against a double-precision run the
// pitch moves by well under a cent and the confidence by about 1e-6 on the
// test recordings (the parabola's vertex is computed in double).
#pragma once
#include <complex>
#include <vector>

#include "features/fft.hpp"

namespace lw::features {

struct PitchEstimate {
  double hz = 0;
  double confidence = 0;
};

class YinFft {
 public:
  // window: the Hann window's length (<= fft).
  YinFft(int window, int fft, double sample_rate, double min_freq, double max_freq);
  // power: the frame's power spectrum |X_k|^2, fft/2+1 bins.
  PitchEstimate process(const double* power);
  int min_lag() const { return tau_min_; }
  int max_lag() const { return tau_max_; }

 private:
  int fft_;
  double sr_;
  int tau_min_, tau_max_;
  BasicEvenInverse<float> inverse_;  // single precision: see above
  std::vector<float> power_, r_;
  std::vector<float> d_, cum_, wnorm_;  // wnorm_[tau] = r_w(0) / r_w(tau)
  std::vector<float> taus_;             // taus_[k] = k
};

// MIDI pitch of a frequency (69 = A4 = 440 Hz); 0 for f <= 0.
double hz_to_midi(double hz);

}  // namespace lw::features
