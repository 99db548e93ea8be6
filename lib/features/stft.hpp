// Framing and the shared spectrum. Frames follow FluCoMa's convention:
// frame k is centred on sample k*hop, covers [k*hop - window/2,
// k*hop - window/2 + window), with zeros outside the signal, and a signal of
// N samples has floor(N/hop)+1 frames.
#pragma once
#include <complex>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "features/fft.hpp"

namespace lw::features {

std::int64_t frame_count(std::int64_t samples, int hop);

// Periodic Hann window of length n: w[i] = 0.5 - 0.5 cos(2 pi i / n).
std::vector<double> hann_periodic(int n);

// Cuts a stream of samples, pushed in blocks of any size, into centred
// frames. Memory is O(window + block), not O(stream).
class Framer {
 public:
  Framer(int window, int hop);
  void push(const float* samples, std::size_t count);
  // Declares the end of the stream (total samples pushed so far).
  void finish();
  // The next complete frame (window samples) or nullptr when more input is
  // needed (or, after finish(), when all frames were taken). The pointer is
  // valid until the next push() or finish().
  const double* next();
  std::int64_t frames_taken() const { return taken_; }

 private:
  int window_, hop_;
  std::vector<double> buf_;     // samples from absolute index start_
  std::int64_t start_;          // absolute index of buf_[0] (negative = padding)
  std::int64_t pushed_ = 0;
  std::int64_t taken_ = 0;
  std::int64_t total_frames_ = -1;
};

// Hann-windowed, zero-padded FFT of one frame: power |X_k|^2 and magnitude
// |X_k| for k = 0..fft/2 (unnormalised, like FluCoMa's STFT).
class Spectrum {
 public:
  Spectrum(int window, int fft);
  void compute(const double* frame);
  const std::vector<double>& magnitude() const { return mag_; }
  const std::vector<double>& power() const { return power_; }
  int bins_count() const { return int(mag_.size()); }

 private:
  int window_, fft_;
  std::vector<double> hann_;
  std::vector<double> re_, im_;  // the bins, split
  std::vector<double> power_, mag_;
  RealFft rfft_;
};

}  // namespace lw::features
