#include "features/stft.hpp"
#include "features/hot.hpp"

#include <algorithm>
#include <cmath>

namespace lw::features {

std::int64_t frame_count(std::int64_t samples, int hop) { return samples / hop + 1; }

std::vector<double> hann_periodic(int n) {
  std::vector<double> w(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) w[std::size_t(i)] = 0.5 - 0.5 * std::cos(2.0 * M_PI * i / n);
  return w;
}

Framer::Framer(int window, int hop)
    : window_(window), hop_(hop), buf_(std::size_t(window / 2), 0.0), start_(-(window / 2)) {}

void Framer::push(const float* samples, std::size_t count) {
  // Drop what no later frame needs before growing the buffer.
  const std::int64_t need_from = taken_ * hop_ - window_ / 2;
  if (need_from > start_) {
    const std::size_t drop = std::size_t(std::min<std::int64_t>(need_from - start_, std::int64_t(buf_.size())));
    buf_.erase(buf_.begin(), buf_.begin() + std::ptrdiff_t(drop));
    start_ += std::int64_t(drop);
  }
  buf_.insert(buf_.end(), samples, samples + count);
  pushed_ += std::int64_t(count);
}

void Framer::finish() {
  total_frames_ = frame_count(pushed_, hop_);
  // Zero padding after the signal, enough for the last frame.
  const std::int64_t last_end = (total_frames_ - 1) * hop_ - window_ / 2 + window_;
  const std::int64_t have_end = start_ + std::int64_t(buf_.size());
  if (last_end > have_end) buf_.insert(buf_.end(), std::size_t(last_end - have_end), 0.0);
}

const double* Framer::next() {
  if (total_frames_ >= 0 && taken_ >= total_frames_) return nullptr;
  const std::int64_t begin = taken_ * hop_ - window_ / 2;
  const std::int64_t end = begin + window_;
  if (end > start_ + std::int64_t(buf_.size())) return nullptr;
  ++taken_;
  return buf_.data() + (begin - start_);  // no copy: valid until the next push()/finish()
}

Spectrum::Spectrum(int window, int fft)
    : window_(window), fft_(fft), hann_(hann_periodic(window)), re_(std::size_t(fft / 2 + 1)),
      im_(std::size_t(fft / 2 + 1)), power_(std::size_t(fft / 2 + 1)), mag_(std::size_t(fft / 2 + 1)),
      rfft_(std::size_t(fft)) {}

LW_FEATURES_HOT void Spectrum::compute(const double* frame) {
  // Hann-windowed frame, zero padded to fft (straight into the FFT's input).
  rfft_.forward_windowed(frame, hann_.data(), std::size_t(window_), re_.data(), im_.data());
  const double* re = re_.data();
  const double* im = im_.data();
  double* p = power_.data();
  double* m = mag_.data();
  const std::size_t n = mag_.size();
#pragma GCC ivdep
  for (std::size_t k = 0; k < n; ++k) {
    p[k] = re[k] * re[k] + im[k] * im[k];
    m[k] = std::sqrt(p[k]);
  }
}

}  // namespace lw::features
