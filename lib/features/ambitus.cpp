#include "features/ambitus.hpp"

#include <algorithm>

#include "features/stats.hpp"

namespace lw::features {

std::vector<double> ambitus_track(const std::vector<double>& times, const std::vector<double>& midi,
                                  const std::vector<double>& confidence, double window, double min_confidence) {
  const std::size_t n = times.size();
  std::vector<double> out(n, 0.0), win;  // win: sorted pitches of valid frames in [lo, hi)
  auto valid = [&](std::size_t j) { return confidence[j] >= min_confidence && midi[j] > 0; };
  std::size_t lo = 0, hi = 0;
  const double half = window / 2;
  for (std::size_t i = 0; i < n; ++i) {
    while (hi < n && times[hi] <= times[i] + half) {
      if (valid(hi)) win.insert(std::upper_bound(win.begin(), win.end(), midi[hi]), midi[hi]);
      ++hi;
    }
    while (lo < n && times[lo] < times[i] - half) {
      if (valid(lo)) win.erase(std::lower_bound(win.begin(), win.end(), midi[lo]));
      ++lo;
    }
    if (win.size() >= std::size_t(kMinAmbitusFrames))
      out[i] = percentile_sorted(win, 95) - percentile_sorted(win, 5);
  }
  return out;
}

}  // namespace lw::features
