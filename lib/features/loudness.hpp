// Frame loudness and peak.
//
// RMS level: 10 log10(mean of x^2 over the window's samples, zero padding
// included) in dBFS (a full-scale sine reads -3.01 dBFS).
// K-weighted loudness (as FluCoMa's Loudness with K-weighting): the signal is
// filtered by the two-stage K-weighting filter of ITU-R BS.1770-4 (a high
// shelf of about +4 dB above 1.5 kHz, then a 38 Hz high-pass; coefficients
// for any sample rate from the analog prototype parameters given by
// libebur128's derivation of the BS.1770 48 kHz filters), and the frame
// loudness is -0.691 + 10 log10(mean square) (BS.1770 eq. 2, one channel).
// Peak: 20 log10(max |x|) over the frame, dBFS.
// Silence floors every level at -144 dB (about the level of one 24-bit LSB).
#pragma once
#include <cstddef>

namespace lw::features {

constexpr double kSilenceDb = -144.0;

// Stateful biquad cascade; filter the whole stream once, in order.
class KWeighting {
 public:
  explicit KWeighting(double sample_rate);
  double process(double x);

 private:
  double b1_[3], a1_[3], b2_[3], a2_[3];
  double z1_[2] = {0, 0}, z2_[2] = {0, 0};
};

// 10 log10(mean square), floored at kSilenceDb; `offset` added (-0.691 for
// K-weighted loudness).
double mean_square_db(const double* x, std::size_t n, double offset = 0.0);
double peak_db(const double* x, std::size_t n);

}  // namespace lw::features
