// A small drum synthesiser so generated MIDI can be heard without a DAW:
// each of the nine classes is a few lines of classic analogue-style synthesis
// (sine sweeps for kick and toms, filtered noise for hi-hats and snare, a
// six-oscillator metallic cluster for cymbals, after the TR-808 design).
// Deterministic: the noise of each hit is seeded by its position in the file.
#pragma once
#include <vector>

#include "midi/smf.hpp"
#include "rhythm/drum_map.hpp"

namespace lw::rhythm {

struct SynthOptions {
  int sample_rate = 44100;
  int channel = 9;             // drum channel, 0-based
  DrumMap map = DrumMap::Magenta;
  double gain = 0.5;
  double tail_seconds = 1.5;   // rendered after the last hit
};

struct SynthStats {
  std::size_t hits = 0;       // notes rendered
  std::size_t skipped = 0;    // notes on other channels or unmapped pitches
};

// Longest preview rendered (seconds of audio).
inline constexpr double kMaxPreviewSeconds = 3600;

// Seconds of audio render_drums makes (last note + tail).
double drums_duration(const midi::File& file, const SynthOptions& opt);

// Mono samples in [-1, 1] (soft-limited with tanh). One voice per class: a
// hit is cut (2 ms fade) by the next hit of its class. Longer than
// kMaxPreviewSeconds: Exit::BadInput.
std::vector<float> render_drums(const midi::File& file, const SynthOptions& opt, SynthStats* stats = nullptr);

}  // namespace lw::rhythm
