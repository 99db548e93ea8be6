#include "features/ambitus.hpp"

#include <algorithm>
#include <cmath>

namespace lw::features {

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// One segment [a, b) of frames -> zero or more notes.
void segment_notes(const std::vector<double>& times, const std::vector<double>& midi,
                   const std::vector<double>& conf, std::size_t a, std::size_t b, const NoteParams& p,
                   std::vector<Note>& out) {
  std::vector<std::size_t> valid;
  for (std::size_t f = a; f < b; ++f)
    if (times[f] >= times[a] + p.attack && conf[f] >= p.min_confidence && midi[f] > 0) valid.push_back(f);
  if (valid.empty()) return;
  // Steady runs: consecutive valid frames, each within kRunStep of the previous.
  struct Run {
    std::size_t begin, end;  // indices into `valid`
    double med;
  };
  std::vector<Run> runs;
  std::size_t s = 0;
  for (std::size_t i = 1; i <= valid.size(); ++i) {
    const bool breaks = i == valid.size() || valid[i] != valid[i - 1] + 1 ||
                        std::fabs(midi[valid[i]] - midi[valid[i - 1]]) > kRunStep;
    if (!breaks) continue;
    if (i - s >= std::size_t(kMinRunFrames)) {
      std::vector<double> v;
      for (std::size_t k = s; k < i; ++k) v.push_back(midi[valid[k]]);
      runs.push_back({s, i, median(v)});
    }
    s = i;
  }
  // Cut where a steady run differs from the previous steady run by more than
  // kSplitStep; frames before the first cut belong to the first note.
  std::vector<std::size_t> cuts = {0};  // indices into `valid` where notes start
  for (std::size_t r = 1; r < runs.size(); ++r)
    if (std::fabs(runs[r].med - runs[r - 1].med) > kSplitStep) cuts.push_back(runs[r].begin);
  cuts.push_back(valid.size());
  for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
    std::vector<double> v;
    for (std::size_t k = cuts[c]; k < cuts[c + 1]; ++k) v.push_back(midi[valid[k]]);
    Note n;
    n.first = c == 0 ? a : valid[cuts[c]];
    n.frames = (c + 2 < cuts.size() ? valid[cuts[c + 1]] : b) - n.first;
    n.onset = times[n.first];
    n.midi = median(v);
    out.push_back(n);
  }
}

}  // namespace

std::vector<Note> find_notes(const std::vector<double>& times, const std::vector<double>& midi,
                             const std::vector<double>& confidence, const std::vector<std::size_t>& onset_frames,
                             const NoteParams& params) {
  std::vector<Note> notes;
  const std::size_t n = times.size();
  std::vector<std::size_t> starts = {0};  // frames before the first onset form a segment too
  for (std::size_t f : onset_frames)
    if (f > starts.back() && f < n) starts.push_back(f);
  for (std::size_t i = 0; i < starts.size(); ++i)
    segment_notes(times, midi, confidence, starts[i], i + 1 < starts.size() ? starts[i + 1] : n, params, notes);
  return notes;
}

std::vector<double> ambitus_track(const std::vector<double>& times, const std::vector<Note>& notes, int last) {
  std::vector<double> out(times.size(), 0.0);
  std::size_t k = 0;  // notes[0..k) started at or before the frame
  for (std::size_t i = 0; i < times.size(); ++i) {
    while (k < notes.size() && notes[k].onset <= times[i]) ++k;
    const std::size_t lo = k > std::size_t(last) ? k - std::size_t(last) : 0;
    if (k - lo < 2) continue;
    double mn = notes[lo].midi, mx = mn;
    for (std::size_t j = lo; j < k; ++j) {
      mn = std::min(mn, notes[j].midi);
      mx = std::max(mx, notes[j].midi);
    }
    out[i] = mx - mn;
  }
  return out;
}

}  // namespace lw::features
