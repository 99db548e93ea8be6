#define LW_FEATURES_FFT_IMPL
#include "features/fft.hpp"
#include "features/hot.hpp"

#include <kissfft.hh>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace lw::features {

template <typename T>
BasicRealFft<T>::BasicRealFft(std::size_t n) : n_(n) {
  if (n < 2 || n % 2) fail_internal("RealFft: size must be even");
  const std::size_t h = n / 2;
  stockham_ = (h & (h - 1)) == 0;
  tw_.resize(h);
  for (std::size_t k = 0; k < h; ++k) {
    const std::complex<double> t = std::polar(1.0, -2.0 * M_PI * double(k) / double(n));
    tw_[k] = {T(t.real()), T(t.imag())};
  }
  twr_.resize(h);
  twi_.resize(h);
  for (std::size_t k = 0; k < h; ++k) {
    twr_[k] = tw_[k].real();
    twi_[k] = tw_[k].imag();
  }
  ore_.resize(h + 1);
  oim_.resize(h + 1);
  buf_.resize(h);
  tmp_.resize(h);
  if (stockham_) {
    std::size_t m = h;
    while (m >= 4) {
      radix_.push_back(4);
      m /= 4;
    }
    if (m == 2) radix_.push_back(2);
    re_.resize(h);
    im_.resize(h);
    sre_.resize(h);
    sim_.resize(h);
    wre_.resize(h);
    wim_.resize(h);
    for (std::size_t k = 0; k < h; ++k) {
      wre_[k] = T(std::cos(2.0 * M_PI * double(k) / double(h)));
      wim_[k] = T(-std::sin(2.0 * M_PI * double(k) / double(h)));
    }
    if (!radix_.empty() && radix_[0] == 4) {  // first stage: len = h, step 1
      const std::size_t quarter = h / 4;
      stw_.resize(6 * quarter);
      for (std::size_t p = 0; p < quarter; ++p)
        for (std::size_t j = 1; j <= 3; ++j) {
          stw_[(2 * (j - 1)) * quarter + p] = wre_[j * p];
          stw_[(2 * (j - 1) + 1) * quarter + p] = wim_[j * p];
        }
    }
  } else {
    fwd_ = std::make_unique<kissfft<T>>(h, false);
    inv_ = std::make_unique<kissfft<T>>(h, true);
  }
}

template <typename T>
BasicRealFft<T>::~BasicRealFft() = default;

// Stockham autosort FFT (decimation in frequency, no bit reversal): at each
// stage `s` interleaved transforms of length `len` are split into r of
// length len/r, reading from one buffer and writing to the other; the
// innermost loop runs over the interleaved transforms with unit stride. The
// buffers never overlap (ivdep: lets the compiler vectorise the q loops); the
// first stage (s = 1) runs over p instead, with its twiddles stored
// contiguously (stw_).
template <typename T>
LW_FEATURES_HOT void BasicRealFft<T>::complex_forward(const T** out_re, const T** out_im) {
  const std::size_t h = n_ / 2;
  T *ar = re_.data(), *ai = im_.data(), *br = sre_.data(), *bi = sim_.data();
  std::size_t s = 1, len = h;
  for (int r : radix_) {
    const std::size_t m = len / std::size_t(r), step = h / len;
    if (r == 4 && s == 1) {
      const T *w1r = stw_.data(), *w1i = w1r + m, *w2r = w1i + m, *w2i = w2r + m;
      const T *w3r = w2i + m, *w3i = w3r + m;
#pragma GCC ivdep
      for (std::size_t p = 0; p < m; ++p) {
        const T x0r = ar[p], x0i = ai[p], x1r = ar[p + m], x1i = ai[p + m];
        const T x2r = ar[p + 2 * m], x2i = ai[p + 2 * m], x3r = ar[p + 3 * m], x3i = ai[p + 3 * m];
        const T t0r = x0r + x2r, t0i = x0i + x2i;
        const T t1r = x0r - x2r, t1i = x0i - x2i;
        const T t2r = x1r + x3r, t2i = x1i + x3i;
        const T t3r = x1r - x3r, t3i = x1i - x3i;
        const T u1r = t1r + t3i, u1i = t1i - t3r;  // t1 - i t3
        const T u2r = t0r - t2r, u2i = t0i - t2i;
        const T u3r = t1r - t3i, u3i = t1i + t3r;  // t1 + i t3
        br[4 * p] = t0r + t2r;
        bi[4 * p] = t0i + t2i;
        br[4 * p + 1] = u1r * w1r[p] - u1i * w1i[p];
        bi[4 * p + 1] = u1r * w1i[p] + u1i * w1r[p];
        br[4 * p + 2] = u2r * w2r[p] - u2i * w2i[p];
        bi[4 * p + 2] = u2r * w2i[p] + u2i * w2r[p];
        br[4 * p + 3] = u3r * w3r[p] - u3i * w3i[p];
        bi[4 * p + 3] = u3r * w3i[p] + u3i * w3r[p];
      }
    } else if (r == 4) {
      for (std::size_t p = 0; p < m; ++p) {
        const T w1r = wre_[p * step], w1i = wim_[p * step];
        const T w2r = wre_[2 * p * step], w2i = wim_[2 * p * step];
        const T w3r = wre_[3 * p * step], w3i = wim_[3 * p * step];
        const T *x0r = ar + s * p, *x0i = ai + s * p, *x1r = ar + s * (p + m), *x1i = ai + s * (p + m);
        const T *x2r = ar + s * (p + 2 * m), *x2i = ai + s * (p + 2 * m);
        const T *x3r = ar + s * (p + 3 * m), *x3i = ai + s * (p + 3 * m);
        T *y0r = br + s * 4 * p, *y0i = bi + s * 4 * p, *y1r = y0r + s, *y1i = y0i + s;
        T *y2r = y1r + s, *y2i = y1i + s, *y3r = y2r + s, *y3i = y2i + s;
#pragma GCC ivdep
        for (std::size_t q = 0; q < s; ++q) {
          const T t0r = x0r[q] + x2r[q], t0i = x0i[q] + x2i[q];
          const T t1r = x0r[q] - x2r[q], t1i = x0i[q] - x2i[q];
          const T t2r = x1r[q] + x3r[q], t2i = x1i[q] + x3i[q];
          const T t3r = x1r[q] - x3r[q], t3i = x1i[q] - x3i[q];
          const T u1r = t1r + t3i, u1i = t1i - t3r;  // t1 - i t3
          const T u2r = t0r - t2r, u2i = t0i - t2i;
          const T u3r = t1r - t3i, u3i = t1i + t3r;  // t1 + i t3
          y0r[q] = t0r + t2r;
          y0i[q] = t0i + t2i;
          y1r[q] = u1r * w1r - u1i * w1i;
          y1i[q] = u1r * w1i + u1i * w1r;
          y2r[q] = u2r * w2r - u2i * w2i;
          y2i[q] = u2r * w2i + u2i * w2r;
          y3r[q] = u3r * w3r - u3i * w3i;
          y3i[q] = u3r * w3i + u3i * w3r;
        }
      }
    } else {
      for (std::size_t p = 0; p < m; ++p) {
        const T wr = wre_[p * step], wi = wim_[p * step];
        const T *x0r = ar + s * p, *x0i = ai + s * p, *x1r = ar + s * (p + m), *x1i = ai + s * (p + m);
        T *y0r = br + s * 2 * p, *y0i = bi + s * 2 * p, *y1r = y0r + s, *y1i = y0i + s;
#pragma GCC ivdep
        for (std::size_t q = 0; q < s; ++q) {
          const T dr = x0r[q] - x1r[q], di = x0i[q] - x1i[q];
          y0r[q] = x0r[q] + x1r[q];
          y0i[q] = x0i[q] + x1i[q];
          y1r[q] = dr * wr - di * wi;
          y1i[q] = dr * wi + di * wr;
        }
      }
    }
    std::swap(ar, br);
    std::swap(ai, bi);
    s *= std::size_t(r);
    len = m;
  }
  *out_re = ar;
  *out_im = ai;
}

template <typename T>
void BasicRealFft<T>::forward(const T* in, std::complex<T>* out) {
  if (!stockham_) {
    forward_kiss(in, out);
    return;
  }
  forward_split(in, ore_.data(), oim_.data());
  for (std::size_t k = 0; k <= n_ / 2; ++k) out[k] = {ore_[k], oim_[k]};
}

template <typename T>
void BasicRealFft<T>::forward_kiss(const T* in, std::complex<T>* out) {
  // z[m] = x[2m] + i x[2m+1]; Z = FFT_{n/2}(z); then
  // X[k] = E[k] + w^k O[k] with E = (Z[k] + conj Z[n/2-k]) / 2, O = (Z[k] - conj Z[n/2-k]) / 2i.
  const std::size_t h = n_ / 2;
  fwd_->transform(reinterpret_cast<const std::complex<T>*>(in), buf_.data());
  out[0] = {buf_[0].real() + buf_[0].imag(), T(0)};
  out[h] = {buf_[0].real() - buf_[0].imag(), T(0)};
  for (std::size_t k = 1; k < h; ++k) {
    const std::complex<T> a = buf_[k], b = std::conj(buf_[h - k]);
    const std::complex<T> e = T(0.5) * (a + b);
    const std::complex<T> o = std::complex<T>(0, T(-0.5)) * (a - b);
    out[k] = e + tw_[k] * o;
  }
}

template <typename T>
LW_FEATURES_HOT void BasicRealFft<T>::forward_split(const T* in, T* out_re, T* out_im) {
  const std::size_t h = n_ / 2;
  if (!stockham_) {
    cout_.resize(h + 1);
    forward_kiss(in, cout_.data());
    for (std::size_t k = 0; k <= h; ++k) {
      out_re[k] = cout_[k].real();
      out_im[k] = cout_[k].imag();
    }
    return;
  }
  for (std::size_t m = 0; m < h; ++m) {
    re_[m] = in[2 * m];
    im_[m] = in[2 * m + 1];
  }
  untangle(out_re, out_im);
}

template <typename T>
LW_FEATURES_HOT void BasicRealFft<T>::forward_windowed(const T* x, const T* w, std::size_t len, T* out_re,
                                               T* out_im) {
  if (len > n_) fail_internal("RealFft: windowed input longer than the transform");
  if (!stockham_) {
    scratch_.assign(n_, T(0));
    for (std::size_t i = 0; i < len; ++i) scratch_[i] = x[i] * w[i];
    forward_split(scratch_.data(), out_re, out_im);
    return;
  }
  // The products go straight into the split arrays (no windowed copy).
  const std::size_t h = n_ / 2, pairs = len / 2;
  T* re = re_.data();
  T* im = im_.data();
  for (std::size_t m = 0; m < pairs; ++m) {
    re[m] = x[2 * m] * w[2 * m];
    im[m] = x[2 * m + 1] * w[2 * m + 1];
  }
  std::size_t m = pairs;
  if (len % 2) {
    re[m] = x[len - 1] * w[len - 1];
    im[m] = 0;
    ++m;
  }
  for (; m < h; ++m) re[m] = im[m] = 0;
  untangle(out_re, out_im);
}

// Complex FFT of re_/im_, then X[k] from Z (see forward_kiss), split.
template <typename T>
LW_FEATURES_HOT void BasicRealFft<T>::untangle(T* out_re, T* out_im) {
  const std::size_t h = n_ / 2;
  const T *zr, *zi;
  complex_forward(&zr, &zi);
  const T* twr = twr_.data();
  const T* twi = twi_.data();
  out_re[0] = zr[0] + zi[0];
  out_im[0] = 0;
  out_re[h] = zr[0] - zi[0];
  out_im[h] = 0;
  // (the outputs never overlap the FFT's arrays)
#pragma GCC ivdep
  for (std::size_t k = 1; k < h; ++k) {
    const T er = T(0.5) * (zr[k] + zr[h - k]), ei = T(0.5) * (zi[k] - zi[h - k]);
    const T orr = T(0.5) * (zi[k] + zi[h - k]), oi = T(-0.5) * (zr[k] - zr[h - k]);
    const T c = twr[k], sn = twi[k];
    out_re[k] = er + c * orr - sn * oi;
    out_im[k] = ei + c * oi + sn * orr;
  }
}

template <typename T>
void BasicRealFft<T>::inverse(const std::complex<T>* in, T* out) {
  // Reverse of forward: E[k] = (X[k] + conj X[h-k]) / 2, O[k] = (X[k] - conj X[h-k]) / (2 w^k),
  // Z = E + i O, z = IFFT_{h}(Z) / h, x[2m] = Re z[m], x[2m+1] = Im z[m].
  const std::size_t h = n_ / 2;
  for (std::size_t k = 0; k < h; ++k) {
    const std::complex<T> a = k ? in[k] : std::complex<T>(in[0].real(), 0);
    const std::complex<T> b = k ? std::conj(in[h - k]) : std::complex<T>(in[h].real(), 0);
    const std::complex<T> e = T(0.5) * (a + b);
    const std::complex<T> o = T(0.5) * (a - b) * std::conj(tw_[k]);
    tmp_[k] = e + std::complex<T>(0, 1) * o;
  }
  const T scale = T(1) / T(h);
  if (stockham_) {
    // IFFT(Z) = conj(FFT(conj Z))
    for (std::size_t k = 0; k < h; ++k) {
      re_[k] = tmp_[k].real();
      im_[k] = -tmp_[k].imag();
    }
    const T *zr, *zi;
    complex_forward(&zr, &zi);
    for (std::size_t m = 0; m < h; ++m) {
      out[2 * m] = zr[m] * scale;
      out[2 * m + 1] = -zi[m] * scale;
    }
    return;
  }
  inv_->transform(tmp_.data(), buf_.data());
  for (std::size_t m = 0; m < h; ++m) {
    out[2 * m] = buf_[m].real() * scale;
    out[2 * m + 1] = buf_[m].imag() * scale;
  }
}

template <typename T>
BasicEvenInverse<T>::BasicEvenInverse(std::size_t n) : n_(n), m_(n / 2) {
  if (n % 4 == 0) {
    half_ = std::make_unique<BasicRealFft<T>>(m_);
    y_.resize(m_);
    sre_.resize(m_ / 2 + 1);
    sim_.resize(m_ / 2 + 1);
    t_.resize(m_ / 2 + 1);
    sin_.resize(m_ / 2);
    cos_.resize(m_ / 2);
    for (std::size_t j = 0; j < m_ / 2; ++j) {
      sin_[j] = T(std::sin(M_PI * double(j) / double(m_)));
      cos_[j] = T(std::cos(M_PI * double(j) / double(m_)));
    }
  } else {
    full_ = std::make_unique<BasicRealFft<T>>(n);
    spec_.resize(m_ + 1);
    y_.resize(n);
  }
}

template <typename T>
LW_FEATURES_HOT void BasicEvenInverse<T>::run(const T* f, T* out) {
  const std::size_t m = m_;
  if (full_) {
    for (std::size_t k = 0; k <= m; ++k) spec_[k] = {f[k], T(0)};
    full_->inverse(spec_.data(), y_.data());
    std::copy(y_.begin(), y_.begin() + std::ptrdiff_t(m + 1), out);
    return;
  }
  // DCT-I F[t] = (f0 + (-1)^t fm) / 2 + sum_{k=1}^{m-1} f_k cos(pi k t / m),
  // and r[t] = F[t] / m. Fold f into y so that the real FFT of y gives the
  // even outputs directly and the odd ones by a running sum.
  // (The products for the sum over j are summed in 8 lanes, and the odd
  // outputs' running sum is taken by blocks of 8: short dependency chains,
  // vectorisable loops; a few ulps from plain left-to-right sums.)
  T* y = y_.data();
  T* t = t_.data();
  const T* sn = sin_.data();
  const T* cs = cos_.data();
  const std::size_t half = m / 2;
  y[0] = T(0.5) * (f[0] + f[m]);
  t[0] = 0;
#pragma GCC ivdep
  for (std::size_t j = 1; j < half; ++j) {
    const T a = f[j], b = f[m - j];
    const T y1 = T(0.5) * (a + b), y2 = a - b;
    y[j] = y1 - sn[j] * y2;
    y[m - j] = y1 + sn[j] * y2;
    t[j] = cs[j] * y2;
  }
  y[half] = f[half];
  T lane[8] = {};
  std::size_t j = 0;
  for (; j + 8 <= half; j += 8)
    for (std::size_t l = 0; l < 8; ++l) lane[l] += t[j + l];
  T sum = ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
  for (; j < half; ++j) sum += t[j];
  sum += T(0.5) * (f[0] - f[m]);
  half_->forward_split(y, sre_.data(), sim_.data());
  const T scale = T(1) / T(m);
  const T* sr = sre_.data();
  const T* si = sim_.data();
  // odd outputs: out[2k+1] = (sum - (si[1] + ... + si[k])) / m; t[k] takes
  // the running sum (t[0] = 0): each block of 8 by itself, then the offsets.
  for (std::size_t b0 = 1; b0 < half; b0 += 8) {
    const std::size_t e = std::min(half, b0 + 8);
    T acc = 0;
    for (std::size_t k = b0; k < e; ++k) {
      acc += si[k];
      t[k] = acc;
    }
  }
  T offset = 0;
  for (std::size_t b0 = 1; b0 < half; b0 += 8) {
    const std::size_t e = std::min(half, b0 + 8);
    const T next = offset + t[e - 1];
    for (std::size_t k = b0; k < e; ++k) t[k] += offset;
    offset = next;
  }
#pragma GCC ivdep
  for (std::size_t k = 0; k < half; ++k) {
    out[2 * k] = sr[k] * scale;
    out[2 * k + 1] = (sum - t[k]) * scale;
  }
  out[m] = sr[half] * scale;
}

template class BasicRealFft<double>;
template class BasicRealFft<float>;
template class BasicEvenInverse<double>;
template class BasicEvenInverse<float>;

}  // namespace lw::features
