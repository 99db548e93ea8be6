#include "features/fft.hpp"

#include <kissfft.hh>

#include <cmath>

#include "core/error.hpp"

namespace lw::features {

RealFft::RealFft(std::size_t n) : n_(n) {
  if (n < 2 || n % 2) fail_internal("RealFft: size must be even");
  fwd_ = std::make_unique<kissfft<double>>(n / 2, false);
  inv_ = std::make_unique<kissfft<double>>(n / 2, true);
  tw_.resize(n / 2);
  for (std::size_t k = 0; k < n / 2; ++k) tw_[k] = std::polar(1.0, -2.0 * M_PI * double(k) / double(n));
  buf_.resize(n / 2);
  tmp_.resize(n / 2);
}

RealFft::~RealFft() = default;

void RealFft::forward(const double* in, std::complex<double>* out) {
  // z[m] = x[2m] + i x[2m+1]; Z = FFT_{n/2}(z); then
  // X[k] = E[k] + w^k O[k] with E = (Z[k] + conj Z[n/2-k]) / 2, O = (Z[k] - conj Z[n/2-k]) / 2i.
  const std::size_t h = n_ / 2;
  fwd_->transform(reinterpret_cast<const std::complex<double>*>(in), buf_.data());
  out[0] = {buf_[0].real() + buf_[0].imag(), 0.0};
  out[h] = {buf_[0].real() - buf_[0].imag(), 0.0};
  for (std::size_t k = 1; k < h; ++k) {
    const std::complex<double> a = buf_[k], b = std::conj(buf_[h - k]);
    const std::complex<double> e = 0.5 * (a + b);
    const std::complex<double> o = std::complex<double>(0.0, -0.5) * (a - b);
    out[k] = e + tw_[k] * o;
  }
}

void RealFft::inverse(const std::complex<double>* in, double* out) {
  // Reverse of forward: E[k] = (X[k] + conj X[h-k]) / 2, O[k] = (X[k] - conj X[h-k]) / (2 w^k),
  // Z = E + i O, z = IFFT_{h}(Z) / h, x[2m] = Re z[m], x[2m+1] = Im z[m].
  const std::size_t h = n_ / 2;
  for (std::size_t k = 0; k < h; ++k) {
    const std::complex<double> a = k ? in[k] : std::complex<double>(in[0].real(), 0.0);
    const std::complex<double> b = k ? std::conj(in[h - k]) : std::complex<double>(in[h].real(), 0.0);
    const std::complex<double> e = 0.5 * (a + b);
    const std::complex<double> o = 0.5 * (a - b) * std::conj(tw_[k]);
    tmp_[k] = e + std::complex<double>(0.0, 1.0) * o;
  }
  inv_->transform(tmp_.data(), buf_.data());
  const double scale = 1.0 / double(h);
  for (std::size_t m = 0; m < h; ++m) {
    out[2 * m] = buf_[m].real() * scale;
    out[2 * m + 1] = buf_[m].imag() * scale;
  }
}

}  // namespace lw::features
