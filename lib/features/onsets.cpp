#include "features/onsets.hpp"
#include "features/hot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace lw::features {

SpectralFlux::SpectralFlux(int bins, double window_sum)
    : prev_(std::size_t(bins), 1.0), scale_(1000.0 * 2.0 / window_sum) {}

namespace {

// Splits a normal double >= 1 into mantissa [1, 2) and binary exponent,
// inline (std::frexp is a library call).
inline double take_exponent(double v, long& expo) {
  std::uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  expo += long((bits >> 52) & 0x7ff) - 1023;
  bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

}  // namespace

LW_FEATURES_HOT double SpectralFlux::process(const double* magnitude) {
  // sum_k max(0, ln a_k - ln b_k) = ln(prod max(a_k, b_k)) - ln(prod b_k)
  // with a = 1 + 1000 m(n), b = 1 + 1000 m(n-1): one log per frame instead
  // of one per bin, and no branch or division in the loop. Four independent
  // products per side (short dependency chains, vectorisable), renormalised
  // every 32 bins: 8 factors in [1, 2001] stay far inside double range.
  // (The four lanes are a vector of the compiler's vector extension: the
  // same element-wise operations in every clone, bins k, k+1, k+2, k+3 in
  // lanes 0..3.)
  typedef double v4d __attribute__((vector_size(32)));
  const std::size_t n = prev_.size();
  double* prev = prev_.data();
  v4d pa = {1, 1, 1, 1}, pb = pa;
  const v4d one = pa, scale = {scale_, scale_, scale_, scale_};
  long ea = 0, eb = 0;
  std::size_t k = 0;
  while (k < n) {
    const std::size_t end = std::min(n, k + 32);
    for (; k + 4 <= end; k += 4) {
      v4d m, b;  // (memcpy: unaligned vector loads and stores)
      std::memcpy(&m, magnitude + k, sizeof m);
      std::memcpy(&b, prev + k, sizeof b);
      const v4d a = one + scale * m;
      pa *= a < b ? b : a;  // std::max(a, b): prod max(a, b) / prod b = prod max(a / b, 1)
      pb *= b;
      std::memcpy(prev + k, &a, sizeof a);
    }
    for (; k < end; ++k) {
      const double a = 1.0 + scale_ * magnitude[k], b = prev[k];
      pa[0] *= std::max(a, b);
      pb[0] *= b;
      prev[k] = a;
    }
    for (int l = 0; l < 4; ++l) pa[l] = take_exponent(pa[l], ea);
    for (int l = 0; l < 4; ++l) pb[l] = take_exponent(pb[l], eb);
  }
  const double ratio = (pa[0] * pa[1]) * (pa[2] * pa[3]) / ((pb[0] * pb[1]) * (pb[2] * pb[3]));
  return (std::log(ratio) + double(ea - eb) * M_LN2) / double(n);
}

std::vector<double> running_median(const std::vector<double>& v, std::size_t half) {
  // Sliding sorted window: O(n * window) worst case, tiny windows here.
  std::vector<double> out(v.size()), win;
  std::size_t lo = 0, hi = 0;  // window = [lo, hi)
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::size_t want_lo = i >= half ? i - half : 0;
    const std::size_t want_hi = std::min(v.size(), i + half + 1);
    while (hi < want_hi) {
      win.insert(std::upper_bound(win.begin(), win.end(), v[hi]), v[hi]);
      ++hi;
    }
    while (lo < want_lo) {
      win.erase(std::lower_bound(win.begin(), win.end(), v[lo]));
      ++lo;
    }
    const std::size_t n = win.size();
    out[i] = n % 2 ? win[n / 2] : 0.5 * (win[n / 2 - 1] + win[n / 2]);
  }
  return out;
}

std::vector<std::size_t> pick_onsets(const std::vector<double>& novelty, double frame_rate,
                                     const OnsetParams& params) {
  std::vector<std::size_t> onsets;
  const std::size_t half = std::size_t(std::lround(params.median_window * frame_rate / 2));
  const std::vector<double> med = running_median(novelty, half);
  double last = -1e300;
  for (std::size_t n = 0; n < novelty.size(); ++n) {
    const double v = novelty[n];
    if (n > 0 && v < novelty[n - 1]) continue;
    if (n + 1 < novelty.size() && !(v > novelty[n + 1])) continue;
    if (!(v - med[n] > params.threshold)) continue;
    const double t = double(n) / frame_rate;
    if (t - last < params.min_gap) continue;
    onsets.push_back(n);
    last = t;
  }
  return onsets;
}

}  // namespace lw::features
