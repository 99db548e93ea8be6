// FluCoMa's seven spectral-shape descriptors of one magnitude spectrum.
//
// Definitions after flucoma-core's SpectralShape (algorithms/public/
// SpectralShape.hpp) and Peeters, "A large set of audio features for sound
// description" (IRCAM, 2004). Over the bins k whose frequency lies in
// [min_freq, max_freq], with weights w_k = |X_k| (or |X_k|^2 with power) and
// frequencies f_k in Hz (or MIDI pitch 69 + 12 log2(f/440); bin 0 is then
// skipped), S = sum w_k:
//   centroid c  = sum w f / S
//   spread   s  = sqrt(sum w (f-c)^2 / S)               (standard deviation)
//   skewness    = sum w (f-c)^3 / S / s^3
//   kurtosis    = sum w (f-c)^4 / S / s^4               (not excess: a Gaussian gives 3)
//   rolloff     = the frequency below which `rolloff` % of S lies, linearly
//                 interpolated between the two bins around the crossing
//   flatness    = 20 log10(geometric mean of w / arithmetic mean of w)  dB, <= 0
//   crest       = 20 log10(max w / arithmetic mean of w)                dB, >= 0
// The geometric mean floors w at 1e-10 (1e-20 for power) so that an exact
// zero bin does not send flatness to -inf.
// Silence (S == 0): every descriptor is 0 (flatness and crest 0 dB, the
// values of a flat spectrum). Zero spread: skewness and kurtosis are 0.
#pragma once
#include <cstddef>
#include <vector>

namespace lw::features {

struct ShapeParams {
  double sample_rate = 44100;
  int fft = 1024;
  double min_freq = 0, max_freq = 0;  // Hz; max_freq <= 0 = Nyquist
  double rolloff = 95;                // percent
  bool power = false;
  bool midi_unit = false;
};

struct Shape {
  double centroid = 0, spread = 0, skewness = 0, kurtosis = 0, rolloff = 0, flatness = 0, crest = 0;
};

// Precomputes the band and the bin frequencies once; process() is then
// allocation-free.
class SpectralShape {
 public:
  explicit SpectralShape(const ShapeParams& params);
  // magnitude: fft/2+1 bins.
  Shape process(const double* magnitude);
  int first_bin() const { return lo_; }
  int last_bin() const { return hi_; }

 private:
  ShapeParams p_;
  int lo_ = 0, hi_ = 0;  // inclusive
  std::vector<double> freq_, w_;
};

}  // namespace lw::features
