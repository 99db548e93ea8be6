// General MIDI drum notes -> the nine drum classes of Magenta's reduced map
// (kick, snare, closed hi-hat, open hi-hat, low/mid/high tom, crash, ride).
#pragma once
#include <array>
#include <string>
#include <vector>

namespace lw::rhythm {

constexpr int kClasses = 9;

// Magenta: Magenta's reduced map; Strict: GM drum-kit notes only;
// RhythmVae / RhythmVaeStrict: M4L.RhythmVAE's MIDI_DRUM_MAP and
// MIDI_DRUM_MAP_STRICT (src/constants.js), whose classes 7 and 8 the device
// names Clap and Rim.
enum class DrumMap { Magenta, Strict, RhythmVae, RhythmVaeStrict };

inline bool is_rhythmvae(DrumMap m) { return m == DrumMap::RhythmVae || m == DrumMap::RhythmVaeStrict; }

// M4L.RhythmVAE's grid: 12 steps per quarter note, loops of two 4/4 bars
// (96 steps), loops with more than 5 onsets (MIN_ONSETS_THRESHOLD).
inline constexpr int kRhythmVaeStepsPerQuarter = 12;
inline constexpr int kRhythmVaeMinOnsets = 6;

// "magenta" | "strict" | "rhythmvae" | "rhythmvae-strict"; throws Exit::BadInput otherwise.
DrumMap parse_drum_map(const std::string& name);
std::string drum_map_name(DrumMap m);

// Class 0..8 of a GM pitch, or -1 when the map leaves it out.
int drum_class(DrumMap m, int pitch);

// Pitches of a class, the first being the one written to MIDI.
const std::vector<int>& class_pitches(DrumMap m, int cls);

// The GM pitch a class is written as (the first pitch of Magenta's list).
int class_pitch(int cls);
// The pitch a class is written as under a map (its first pitch).
int class_pitch(DrumMap m, int cls);

// Short names: kick, snare, closed-hh, open-hh, low-tom, mid-tom, high-tom, crash, ride.
const std::array<const char*, kClasses>& class_names();
// The names a map gives its classes: M4L.RhythmVAE's (Kick, Snare, Hi-hat
// closed, Hi-hat open, Tom low, Tom mid, Tom high, Clap, Rim) for its maps,
// class_names() otherwise.
const std::array<const char*, kClasses>& class_names(DrumMap m);

}  // namespace lw::rhythm
