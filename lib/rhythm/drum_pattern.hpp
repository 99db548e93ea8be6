// A two-bar drum loop on a grid: per cell (step, class) an onset (0/1), a
// velocity (0..1) and a timing offset from the grid in [-1, 1) of half a step
// (the representation of GrooVAE / M4L.RhythmVAE; DESIGN.md "Drum
// representation"). Cells are stored step-major: index = step * 9 + class.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "midi/smf.hpp"
#include "rhythm/drum_map.hpp"

namespace lw::rhythm {

constexpr int kQuartersPerLoop = 8;  // two 4/4 bars

struct Pattern {
  int steps = 32;
  std::vector<float> onset, velocity, offset;  // steps * kClasses each

  Pattern() = default;
  explicit Pattern(int steps_) : steps(steps_), onset(cells(), 0.f), velocity(cells(), 0.f), offset(cells(), 0.f) {}
  std::size_t cells() const { return std::size_t(steps) * kClasses; }
  static std::size_t index(int step, int cls) { return std::size_t(step) * kClasses + std::size_t(cls); }
  int onset_count() const;
};

struct GridOptions {
  int steps_per_quarter = 4;  // 4 (32 steps) or 12 (96 steps, triplets)
  int channel = 9;            // 0-based: MIDI channel 10
  DrumMap map = DrumMap::Magenta;
  int steps() const { return steps_per_quarter * kQuartersPerLoop; }
};

// A loop cut from a file, with where it came from.
struct Loop {
  Pattern pattern;
  std::string source;  // file name
  int index = 0;       // loop number in the file (bar = 2 * index + 1)
};

struct QuantiseStats {
  std::size_t notes_on_channel = 0;  // notes on the drum channel
  std::size_t unmapped = 0;          // of those, pitches the map leaves out
  std::size_t merged = 0;            // notes that fell into an occupied cell
};

// Slices a MIDI file into two-bar loops starting at tick 0 and quantises the
// drum channel's notes to the grid (in ticks, so tempo changes do not matter).
// A note belongs to the nearest step; when two notes fall into one cell the
// louder is kept. Returns every loop, empty ones included.
std::vector<Loop> quantise(const midi::File& file, const GridOptions& grid, const std::string& source,
                           QuantiseStats* stats = nullptr);

// Loops with at least `min_onsets` onsets.
std::vector<Loop> keep_loops(std::vector<Loop> loops, int min_onsets);

struct RenderOptions {
  double tempo_bpm = 120;
  int division = 480;
  int channel = 9;
  double threshold = 0.5;  // onset probability above which a cell plays
  DrumMap map = DrumMap::Magenta;  // each class is written as its first pitch
};

// Writes patterns one after another (loop k at bar 2k+1) as MIDI notes: each
// class as its first GM pitch, velocity round(v * 127) clamped to 1..127,
// microtiming offset * half a step (early and late). Note length: a quarter step.
midi::File patterns_to_midi(const std::vector<Pattern>& patterns, const RenderOptions& opt);

// Onset F1 (threshold 0.5 on `predicted.onset`), velocity and timing mean
// absolute error over the target's true hits.
struct Accuracy {
  double tp = 0, fp = 0, fn = 0;
  double velocity_abs = 0, offset_abs = 0, hits = 0;
  void add(const float* target_on, const float* target_vel, const float* target_off, const float* pred_on,
           const float* pred_vel, const float* pred_off, std::size_t cells, double threshold = 0.5);
  double f1() const;
  double velocity_mae() const { return hits > 0 ? velocity_abs / hits : 0; }
  double offset_mae() const { return hits > 0 ? offset_abs / hits : 0; }
};

}  // namespace lw::rhythm
