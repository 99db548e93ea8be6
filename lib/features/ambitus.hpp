// Ambitus: the pitch range played around each frame. In a centred window of
// `window` seconds, over frames whose pitch confidence is >= min_confidence
// (and pitch > 0), the 95th minus the 5th percentile of MIDI pitch
// (percentiles interpolated linearly, as numpy's default), in semitones;
// 0 when the window holds fewer than kMinAmbitusFrames such frames.
#pragma once
#include <vector>

namespace lw::features {

constexpr int kMinAmbitusFrames = 5;

std::vector<double> ambitus_track(const std::vector<double>& times, const std::vector<double>& midi,
                                  const std::vector<double>& confidence, double window, double min_confidence);

}  // namespace lw::features
