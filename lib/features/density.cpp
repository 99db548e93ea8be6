#include "features/density.hpp"

#include <algorithm>

namespace lw::features {

std::vector<double> density_track(const std::vector<double>& times, const std::vector<double>& onset_times,
                                  double duration, double window) {
  std::vector<double> out(times.size(), 0.0);
  std::size_t lo = 0, hi = 0;  // onsets in [lo, hi) lie inside the window
  for (std::size_t i = 0; i < times.size(); ++i) {
    const double a = std::max(0.0, times[i] - window / 2);
    const double b = std::min(duration, times[i] + window / 2);
    while (hi < onset_times.size() && onset_times[hi] <= b) ++hi;
    while (lo < hi && onset_times[lo] < a) ++lo;
    const double len = b - a;
    out[i] = len > 0 ? double(hi - lo) / len : 0.0;
  }
  return out;
}

}  // namespace lw::features
