#include "rhythm/drum_map.hpp"

#include "core/error.hpp"

namespace lw::rhythm {
namespace {

// Magenta's reduced drum map (DEFAULT_DRUM_TYPE_PITCHES in
// magenta/music/drums_encoder_decoder.py, also used by GrooVAE and
// M4L.RhythmVAE): every GM percussion note falls into one of nine classes.
const std::array<std::vector<int>, kClasses> kMagenta = {{
    {36, 35},                                                  // kick
    {38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85},  // snare
    {42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22},              // closed hi-hat
    {46, 67, 72, 74, 79, 81, 26},                              // open hi-hat
    {45, 29, 41, 43, 61, 64, 84},                              // low tom
    {48, 47, 60, 63, 77, 86, 87},                              // mid tom
    {50, 30, 62, 76, 83},                                      // high tom
    {49, 52, 55, 57, 58},                                      // crash
    {51, 53, 59, 82},                                          // ride
}};

// The narrow map: only the drum-kit notes of GM level 1 that name the class
// itself; hand percussion, claps, cowbells etc. are ignored.
const std::array<std::vector<int>, kClasses> kStrict = {{
    {36, 35},      // bass drum 1, acoustic bass drum
    {38, 40},      // acoustic snare, electric snare
    {42, 44},      // closed hi-hat, pedal hi-hat
    {46},          // open hi-hat
    {45, 41, 43},  // low tom, low floor tom, high floor tom
    {48, 47},      // hi-mid tom, low-mid tom
    {50},          // high tom
    {49, 57},      // crash 1, crash 2
    {51, 59},      // ride 1, ride 2
}};

// M4L.RhythmVAE's MIDI_DRUM_MAP (src/constants.js, naotokui/RhythmVAE_M4L):
// Magenta's classes except 43 (high tom here), 52 (with the rides) and
// without 22 and 26; listed in the order of the device's table.
const std::array<std::vector<int>, kClasses> kRhythmVae = {{
    {36, 35},
    {38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85},
    {42, 44, 54, 68, 69, 70, 71, 73, 78, 80},
    {46, 67, 72, 74, 79, 81},
    {45, 29, 41, 61, 64, 84},
    {48, 47, 60, 63, 77, 86, 87},
    {50, 30, 43, 62, 76, 83},
    {49, 55, 57, 58},
    {51, 52, 53, 59, 82},
}};

// Its MIDI_DRUM_MAP_STRICT: drum-kit notes, pedal hat with the open hat,
// hand clap as class 7, ride and china cymbals as class 8.
const std::array<std::vector<int>, kClasses> kRhythmVaeStrict = {{
    {36, 35},
    {38, 40},
    {42},
    {46, 44},
    {45, 41},
    {48, 47},
    {50, 43},
    {39},
    {51, 52, 53, 59},
}};

const std::array<std::vector<int>, kClasses>& table(DrumMap m) {
  switch (m) {
    case DrumMap::Strict: return kStrict;
    case DrumMap::RhythmVae: return kRhythmVae;
    case DrumMap::RhythmVaeStrict: return kRhythmVaeStrict;
    default: return kMagenta;
  }
}

}  // namespace

DrumMap parse_drum_map(const std::string& name) {
  if (name == "magenta") return DrumMap::Magenta;
  if (name == "strict") return DrumMap::Strict;
  if (name == "rhythmvae") return DrumMap::RhythmVae;
  if (name == "rhythmvae-strict") return DrumMap::RhythmVaeStrict;
  fail_usage("unknown drum map '" + name + "' (expected magenta, strict, rhythmvae or rhythmvae-strict)");
}

std::string drum_map_name(DrumMap m) {
  switch (m) {
    case DrumMap::Strict: return "strict";
    case DrumMap::RhythmVae: return "rhythmvae";
    case DrumMap::RhythmVaeStrict: return "rhythmvae-strict";
    default: return "magenta";
  }
}

int drum_class(DrumMap m, int pitch) {
  const auto& t = table(m);
  for (int c = 0; c < kClasses; ++c)
    for (int p : t[std::size_t(c)])
      if (p == pitch) return c;
  return -1;
}

const std::vector<int>& class_pitches(DrumMap m, int cls) { return table(m).at(std::size_t(cls)); }

int class_pitch(int cls) { return kMagenta.at(std::size_t(cls)).front(); }

int class_pitch(DrumMap m, int cls) { return table(m).at(std::size_t(cls)).front(); }

const std::array<const char*, kClasses>& class_names(DrumMap m) {
  static const std::array<const char*, kClasses> device = {
      "Kick", "Snare", "Hi-hat closed", "Hi-hat open", "Tom low", "Tom mid", "Tom high", "Clap", "Rim"};
  return is_rhythmvae(m) ? device : class_names();
}

const std::array<const char*, kClasses>& class_names() {
  static const std::array<const char*, kClasses> names = {
      "kick", "snare", "closed-hh", "open-hh", "low-tom", "mid-tom", "high-tom", "crash", "ride"};
  return names;
}

}  // namespace lw::rhythm
