#include "rhythm/drum_pattern.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/error.hpp"

namespace lw::rhythm {

int Pattern::onset_count() const {
  int n = 0;
  for (float o : onset) n += o > 0.5f;
  return n;
}

std::vector<Loop> quantise(const midi::File& file, const GridOptions& grid, const std::string& source,
                           QuantiseStats* stats) {
  QuantiseStats local;
  QuantiseStats& st = stats ? *stats : local;
  const int steps = grid.steps();
  const double ticks_per_step = double(file.division) / grid.steps_per_quarter;
  std::vector<Loop> loops;
  for (const auto& n : file.notes) {
    if (n.channel != grid.channel) continue;
    ++st.notes_on_channel;
    int cls = drum_class(grid.map, n.pitch);
    if (cls < 0) {
      ++st.unmapped;
      continue;
    }
    double pos = double(n.tick) / ticks_per_step;
    double nearest = std::floor(pos + 0.5);
    // (pos - nearest) is in [-0.5, 0.5): offsets in [-1, 1) of half a step.
    float offset = float((pos - nearest) * 2.0);
    auto global = static_cast<std::int64_t>(nearest);
    auto loop = std::size_t(global / steps);
    int step = int(global % steps);
    while (loops.size() <= loop) {
      Loop l;
      l.pattern = Pattern(steps);
      l.source = source;
      l.index = int(loops.size());
      loops.push_back(std::move(l));
    }
    Pattern& p = loops[loop].pattern;
    std::size_t i = Pattern::index(step, cls);
    float vel = float(n.velocity) / 127.f;
    if (p.onset[i] > 0) {
      ++st.merged;
      if (vel <= p.velocity[i]) continue;
    }
    p.onset[i] = 1.f;
    p.velocity[i] = vel;
    p.offset[i] = offset;
  }
  return loops;
}

std::vector<Loop> keep_loops(std::vector<Loop> loops, int min_onsets) {
  loops.erase(std::remove_if(loops.begin(), loops.end(),
                             [&](const Loop& l) { return l.pattern.onset_count() < min_onsets; }),
              loops.end());
  return loops;
}

midi::File patterns_to_midi(const std::vector<Pattern>& patterns, const RenderOptions& opt) {
  midi::File f;
  f.format = 1;
  f.division = opt.division;
  f.tempos.push_back({0, std::uint32_t(std::lround(60e6 / opt.tempo_bpm))});
  f.time_signatures.push_back({0, 4, 4});
  std::int64_t loop_ticks = std::int64_t(opt.division) * kQuartersPerLoop;
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    const Pattern& p = patterns[k];
    double ticks_per_step = double(loop_ticks) / p.steps;
    for (int s = 0; s < p.steps; ++s)
      for (int c = 0; c < kClasses; ++c) {
        std::size_t i = Pattern::index(s, c);
        if (!(p.onset[i] > opt.threshold)) continue;
        double off = std::clamp(double(p.offset[i]), -1.0, 1.0);
        std::int64_t tick = std::int64_t(k) * loop_ticks + std::llround((s + 0.5 * off) * ticks_per_step);
        midi::Note n;
        n.tick = std::uint32_t(std::max<std::int64_t>(0, tick));
        n.duration = std::uint32_t(std::max<std::int64_t>(1, std::llround(ticks_per_step / 4)));
        n.channel = opt.channel;
        n.pitch = class_pitch(opt.map, c);
        n.velocity = int(std::clamp<long>(std::lround(double(p.velocity[i]) * 127.0), 1, 127));
        f.notes.push_back(n);
      }
  }
  std::sort(f.notes.begin(), f.notes.end(), [](const midi::Note& a, const midi::Note& b) {
    return std::tie(a.tick, a.channel, a.pitch) < std::tie(b.tick, b.channel, b.pitch);
  });
  f.end_tick = std::uint32_t(std::int64_t(patterns.size()) * loop_ticks);
  f.track_count = 2;
  return f;
}

void Accuracy::add(const float* t_on, const float* t_vel, const float* t_off, const float* p_on,
                   const float* p_vel, const float* p_off, std::size_t cells, double threshold) {
  for (std::size_t i = 0; i < cells; ++i) {
    bool truth = t_on[i] > 0.5f;
    bool pred = p_on[i] > threshold;
    tp += truth && pred;
    fp += !truth && pred;
    fn += truth && !pred;
    if (truth) {
      hits += 1;
      velocity_abs += std::fabs(double(t_vel[i]) - double(p_vel[i]));
      offset_abs += std::fabs(double(t_off[i]) - double(p_off[i]));
    }
  }
}

double Accuracy::f1() const {
  double d = 2 * tp + fp + fn;
  return d > 0 ? 2 * tp / d : 1.0;
}

}  // namespace lw::rhythm
