// Onsets from a spectral novelty function.
//
// Novelty (spectral flux on log-compressed magnitudes, after Bello et al.,
// "A tutorial on onset detection in music signals", IEEE TSAP 13(5), 2005,
// and Boeck & Widmer's log filtered flux): with m_k the magnitude normalised
// so that a full-scale sine peaks at 1 (|X_k| * 2 / sum of the window),
// novelty(n) = mean over bins of max(0, ln(1 + 1000 m_k(n)) - ln(1 + 1000 m_k(n-1))).
// The first frame's predecessor is silence.
// Peak picking: frame n is an onset when novelty(n) is a local maximum
// (>= its left neighbour, > its right one), novelty(n) minus the median of
// novelty over a centred window exceeds the threshold, and the previous onset
// is at least min_gap seconds earlier.
#pragma once
#include <cstddef>
#include <vector>

namespace lw::features {

class SpectralFlux {
 public:
  // bins: fft/2+1; window_sum: sum of the analysis window.
  SpectralFlux(int bins, double window_sum);
  double process(const double* magnitude);

 private:
  std::vector<double> prev_;  // 1 + 1000 m_k of the previous frame
  double scale_;
};

struct OnsetParams {
  double threshold = 0.045;
  double min_gap = 0.05;       // seconds
  double median_window = 0.25;  // seconds, centred
};

// Frame indices of onsets; frame_rate = sample_rate / hop.
std::vector<std::size_t> pick_onsets(const std::vector<double>& novelty, double frame_rate,
                                     const OnsetParams& params);

// Running median of v over a centred window of 2*half+1 frames (clipped at
// the ends).
std::vector<double> running_median(const std::vector<double>& v, std::size_t half);

}  // namespace lw::features
