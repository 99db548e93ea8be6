// Real FFT of even length in double precision, on KissFFT's C++ template
// (kissfft.hh, BSD-3-Clause, from Debian's libkissfft-dev): one complex FFT
// of half the length plus the usual split of even/odd samples.
#pragma once
#include <complex>
#include <cstddef>
#include <memory>
#include <vector>

template <typename T>
class kissfft;

namespace lw::features {

class RealFft {
 public:
  explicit RealFft(std::size_t n);  // n even, >= 2
  ~RealFft();
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;

  std::size_t size() const { return n_; }
  // n real samples -> bins 0..n/2 (n/2+1 complex values, unnormalised).
  void forward(const double* in, std::complex<double>* out);
  // Hermitian spectrum bins 0..n/2 -> n real samples, scaled by 1/n (the
  // exact inverse of forward). Imaginary parts of bins 0 and n/2 are ignored.
  void inverse(const std::complex<double>* in, double* out);

 private:
  std::size_t n_;
  std::unique_ptr<kissfft<double>> fwd_, inv_;
  std::vector<std::complex<double>> tw_, buf_, tmp_;
};

}  // namespace lw::features
