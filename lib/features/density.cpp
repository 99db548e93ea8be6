#include "features/density.hpp"

#include <algorithm>
#include <cstddef>

namespace lw::features {

std::vector<double> density_track(const std::vector<double>& times, const std::vector<double>& note_onsets,
                                  int last) {
  std::vector<double> out(times.size(), 0.0);
  std::size_t k = 0;  // onsets[0..k) are at or before the frame
  for (std::size_t i = 0; i < times.size(); ++i) {
    while (k < note_onsets.size() && note_onsets[k] <= times[i]) ++k;
    const std::size_t lo = k > std::size_t(last) ? k - std::size_t(last) : 0;
    if (k - lo < 2) continue;
    const double mean_ioi = (note_onsets[k - 1] - note_onsets[lo]) / double(k - 1 - lo);
    const double gap = times[i] - note_onsets[k - 1];
    const double m = std::max(mean_ioi, gap);
    out[i] = m > 0 ? 1.0 / m : 0.0;
  }
  return out;
}

}  // namespace lw::features
