// Real FFT of even length, in double precision (RealFft) or single
// precision (BasicRealFft<float>: only YIN-FFT's autocorrelation uses it).
// Power-of-two sizes use a Stockham autosort radix-4/radix-2 complex FFT of
// half the length on split real/imaginary arrays (the layout the compiler
// vectorises; about twice as fast as the generic template); other even sizes
// use KissFFT's C++ template (kissfft.hh, BSD-3-Clause, Debian's
// libkissfft-dev). Both pack the even and odd samples into one complex
// sequence and untangle the spectrum after. The transforms are
// LW_FEATURES_HOT (features/hot.hpp): AVX2 and baseline clones, chosen at
// load time. (A radix-8 stage was tried: no faster with AVX2 doubles.)
#pragma once
#include <complex>
#include <cstddef>
#include <memory>
#include <vector>

#include "features/hot.hpp"

// Members of a class template are cloned only when their declaration
// carries the attribute; inside fft.cpp (which defines LW_FEATURES_FFT_IMPL
// and instantiates both precisions) it does. Elsewhere the declarations stay
// plain, so callers go through the exported dispatching symbol, as they do
// for the other LW_FEATURES_HOT functions.
#ifdef LW_FEATURES_FFT_IMPL
#define LW_FEATURES_HOT_DECL LW_FEATURES_HOT
#else
#define LW_FEATURES_HOT_DECL
#endif

template <typename T>
class kissfft;

namespace lw::features {

template <typename T>
class BasicRealFft {
 public:
  explicit BasicRealFft(std::size_t n);  // n even, >= 2
  ~BasicRealFft();
  BasicRealFft(const BasicRealFft&) = delete;
  BasicRealFft& operator=(const BasicRealFft&) = delete;

  std::size_t size() const { return n_; }
  // n real samples -> bins 0..n/2 (n/2+1 complex values, unnormalised).
  void forward(const T* in, std::complex<T>* out);
  // forward() into split arrays: out_re[k], out_im[k] for k = 0..n/2 (the
  // same values; the layout the per-bin loops vectorise without shuffles).
  LW_FEATURES_HOT_DECL void forward_split(const T* in, T* out_re, T* out_im);
  // forward_split() of x[i] * w[i] for i < len, zero padded to n (len <= n),
  // without a separate windowed copy; the same values as forward().
  LW_FEATURES_HOT_DECL void forward_windowed(const T* x, const T* w, std::size_t len, T* out_re, T* out_im);
  // Hermitian spectrum bins 0..n/2 -> n real samples, scaled by 1/n (the
  // exact inverse of forward). Imaginary parts of bins 0 and n/2 are ignored.
  void inverse(const std::complex<T>* in, T* out);

 private:
  // Forward complex FFT of length n/2 of re_/im_; the result is left in
  // re_/im_ or in the scratch sre_/sim_ (no copy back): *out_re, *out_im.
  LW_FEATURES_HOT_DECL void complex_forward(const T** out_re, const T** out_im);
  // complex_forward(), then the spectrum of the real signal into out_re/out_im.
  LW_FEATURES_HOT_DECL void untangle(T* out_re, T* out_im);
  // The KissFFT path (sizes that are not a power of two), interleaved.
  void forward_kiss(const T* in, std::complex<T>* out);

  std::size_t n_;
  bool stockham_ = false;
  std::unique_ptr<kissfft<T>> fwd_, inv_;
  std::vector<std::complex<T>> tw_, buf_, tmp_, cout_;
  std::vector<T> re_, im_, sre_, sim_, wre_, wim_;  // split arrays, scratch, twiddles
  std::vector<T> twr_, twi_;  // tw_ split (untangling)
  std::vector<T> ore_, oim_;  // forward()'s split output
  std::vector<T> scratch_;  // forward_windowed on the KissFFT path
  std::vector<T> stw_;  // first radix-4 stage: w^p, w^2p, w^3p (re, im), planar in p
  std::vector<int> radix_;
};

// Inverse DFT of a real, even spectrum of an n-point signal (a power
// spectrum, given as its n/2+1 values): r[t] for t = 0..n/2, scaled like
// RealFft::inverse. It is a DCT-I of n/2+1 points, computed with a real FFT
// of n/2 points (the "cosft1" algorithm of Press et al., Numerical Recipes,
// 2nd ed., sec. 12.3): half the work of a general inverse. n % 4 == 0 uses
// it; other even n fall back to RealFft::inverse.
template <typename T>
class BasicEvenInverse {
 public:
  explicit BasicEvenInverse(std::size_t n);
  LW_FEATURES_HOT_DECL void run(const T* spectrum, T* out);

 private:
  std::size_t n_, m_;
  std::unique_ptr<BasicRealFft<T>> half_, full_;
  std::vector<T> y_, sin_, cos_, sre_, sim_, t_;
  std::vector<std::complex<T>> spec_;
};

// Double precision everywhere except the pitch path (see YinFft).
using RealFft = BasicRealFft<double>;
using EvenInverse = BasicEvenInverse<double>;
extern template class BasicRealFft<double>;
extern template class BasicRealFft<float>;
extern template class BasicEvenInverse<double>;
extern template class BasicEvenInverse<float>;

}  // namespace lw::features
