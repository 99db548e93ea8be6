// Note density: the rate of the notes being played, from their inter-onset
// intervals. At a frame, with o_1 < ... < o_k the onsets of the last `last`
// notes that started at or before it (k >= 2; fewer than `last` at the start),
// the mean inter-onset interval m = (o_k - o_1) / (k - 1); while no new note
// comes the interval can only be longer than the time since the last onset,
// so density = 1 / max(m, t - o_k) notes per second. It equals the played
// note rate during a regular passage and falls as 1/t in a pause; 0 before
// the second note.
#pragma once
#include <vector>

namespace lw::features {

std::vector<double> density_track(const std::vector<double>& times, const std::vector<double>& note_onsets,
                                  int last);

}  // namespace lw::features
