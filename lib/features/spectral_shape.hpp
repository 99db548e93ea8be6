// FluCoMa's seven spectral-shape descriptors of one magnitude spectrum.
//
// The definitions follow flucoma-core's SpectralShape::processFrame
// (include/algorithms/public/SpectralShape.hpp, BSD-3; read for the facts,
// code written here) so that users of FluCoMa's objects get the same numbers,
// and Peeters, "A large set of audio features for sound description" (IRCAM,
// 2004). With nBins = fft/2+1 magnitudes m_k and binHz = sr / fft:
//   1. every magnitude is floored: m_k = max(m_k, DBL_EPSILON);
//   2. minBin = ceil(min_freq / binHz), maxBin = min(floor(max_freq / binHz),
//      nBins - 1); maxBin <= minBin: every output is 0;
//   3. MIDI unit and minBin == 0: minBin = 1 and m_1 += m_0;
//   4. size = maxBin - minBin bins, minBin .. maxBin-1 (maxBin itself is not
//      used); weights w = m (or m^2 with power, after the floor);
//   5. frequencies f = size points evenly spaced from minBin*binHz to
//      maxBin*binHz inclusive (so the spacing is binHz * size/(size-1), a
//      FluCoMa quirk kept on purpose; one point = maxBin*binHz, as Eigen's
//      LinSpaced); MIDI unit: f = 69 + 12 log2(f / 440);
//   6. S = sum w; centroid c = sum w f / S; variance v = sum w (f-c)^2 / S,
//      spread = sqrt(v); skewness = sum w (f-c)^3 / (v^1.5 S);
//      kurtosis = sum w (f-c)^4 / (v^2 S) (not excess);
//   7. flatness = 20 log10(max(exp(mean log w) / mean w, DBL_EPSILON)) dB;
//      crest = 20 log10(max(max w / mean w, DBL_EPSILON)) dB;
//   8. rolloff: target = S * rolloff / 100; cumulate w from the lowest bin;
//      at the first i with cum >= target: f_0 if i == 0, else
//      f_i - (f_i - f_{i-1}) (cum - target) / w_i.
// Where FluCoMa would give NaN or a non-frequency we define (documented in
// lw-features(1)): zero variance (a one-bin band) gives skewness and kurtosis
// 0; a band left empty by step 3 gives all zeros; a rolloff target never
// reached (rounding) gives the highest frequency. Digital silence is floored
// like any other frame: it is a flat spectrum (centroid mid-band, flatness
// and crest 0 dB), as in FluCoMa.
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
  // The bins used: first_bin() .. first_bin() + size() - 1 (size() 0 = the
  // band is empty and every output is 0).
  int first_bin() const { return lo_; }
  int size() const { return int(freq_.size()); }
  const std::vector<double>& frequencies() const { return freq_; }

 private:
  ShapeParams p_;
  int lo_ = 0;
  bool merge_dc_ = false;  // MIDI unit: bin 0 is added to bin 1
  std::vector<double> freq_, w_, blk_;  // frequencies, weights, block sums
};

}  // namespace lw::features
