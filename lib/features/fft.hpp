// Real FFT of even length in double precision. Power-of-two sizes use a
// Stockham autosort radix-4/radix-2 complex FFT of half the length on split
// real/imaginary arrays (the layout the compiler vectorises; about twice as
// fast as the generic template); other even sizes use KissFFT's C++ template
// (kissfft.hh, BSD-3-Clause, Debian's libkissfft-dev). Both pack the even and
// odd samples into one complex sequence and untangle the spectrum after.
// The transforms are LW_FEATURES_HOT (features/hot.hpp): AVX2 and baseline
// clones, chosen at load time.
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
  // forward() into split arrays: out_re[k], out_im[k] for k = 0..n/2 (the
  // same values; the layout the per-bin loops vectorise without shuffles).
  void forward_split(const double* in, double* out_re, double* out_im);
  // forward_split() of x[i] * w[i] for i < len, zero padded to n (len <= n),
  // without a separate windowed copy; the same values as forward().
  void forward_windowed(const double* x, const double* w, std::size_t len, double* out_re, double* out_im);
  // Hermitian spectrum bins 0..n/2 -> n real samples, scaled by 1/n (the
  // exact inverse of forward). Imaginary parts of bins 0 and n/2 are ignored.
  void inverse(const std::complex<double>* in, double* out);

 private:
  // Forward complex FFT of length n/2 of re_/im_; the result is left in
  // re_/im_ or in the scratch sre_/sim_ (no copy back): *out_re, *out_im.
  void complex_forward(const double** out_re, const double** out_im);
  // complex_forward(), then the spectrum of the real signal into out_re/out_im.
  void untangle(double* out_re, double* out_im);
  // The KissFFT path (sizes that are not a power of two), interleaved.
  void forward_kiss(const double* in, std::complex<double>* out);

  std::size_t n_;
  bool stockham_ = false;
  std::unique_ptr<kissfft<double>> fwd_, inv_;
  std::vector<std::complex<double>> tw_, buf_, tmp_, cout_;
  std::vector<double> re_, im_, sre_, sim_, wre_, wim_;  // split arrays, scratch, twiddles
  std::vector<double> twr_, twi_;  // tw_ split (untangling)
  std::vector<double> ore_, oim_;  // forward()'s split output
  std::vector<double> scratch_;  // forward_windowed on the KissFFT path
  std::vector<double> stw_;  // first radix-4 stage: w^p, w^2p, w^3p (re, im), planar in p
  std::vector<int> radix_;
};

// Inverse DFT of a real, even spectrum of an n-point signal (a power
// spectrum, given as its n/2+1 values): r[t] for t = 0..n/2, scaled like
// RealFft::inverse. It is a DCT-I of n/2+1 points, computed with a real FFT
// of n/2 points (the "cosft1" algorithm of Press et al., Numerical Recipes,
// 2nd ed., sec. 12.3): half the work of a general inverse. n % 4 == 0 uses
// it; other even n fall back to RealFft::inverse.
class EvenInverse {
 public:
  explicit EvenInverse(std::size_t n);
  void run(const double* spectrum, double* out);

 private:
  std::size_t n_, m_;
  std::unique_ptr<RealFft> half_, full_;
  std::vector<double> y_, sin_, cos_, sre_, sim_;
  std::vector<std::complex<double>> spec_;
};

}  // namespace lw::features
