// Sound density: onsets per second in a centred window of `window` seconds,
// clipped to the file ([0, duration]) and divided by the clipped length.
#pragma once
#include <vector>

namespace lw::features {

std::vector<double> density_track(const std::vector<double>& times, const std::vector<double>& onset_times,
                                  double duration, double window);

}  // namespace lw::features
