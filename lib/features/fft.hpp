// Real FFT of even length in double precision. Power-of-two sizes use a
// Stockham autosort radix-4/radix-2 complex FFT of half the length on split
// real/imaginary arrays (the layout the compiler vectorises; about twice as
// fast as the generic template); other even sizes use KissFFT's C++ template
// (kissfft.hh, BSD-3-Clause, Debian's libkissfft-dev). Both pack the even and
// odd samples into one complex sequence and untangle the spectrum after.
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
  // Forward complex FFT of length n/2 on re_/im_ (in place).
  void complex_forward();

  std::size_t n_;
  bool stockham_ = false;
  std::unique_ptr<kissfft<double>> fwd_, inv_;
  std::vector<std::complex<double>> tw_, buf_, tmp_;
  std::vector<double> re_, im_, sre_, sim_, wre_, wim_;  // split arrays, scratch, twiddles
  std::vector<int> radix_;
};

}  // namespace lw::features
