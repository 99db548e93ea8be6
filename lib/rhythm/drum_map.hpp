// General MIDI drum notes -> the nine drum classes of Magenta's reduced map
// (kick, snare, closed hi-hat, open hi-hat, low/mid/high tom, crash, ride).
#pragma once
#include <array>
#include <string>
#include <vector>

namespace lw::rhythm {

constexpr int kClasses = 9;

enum class DrumMap { Magenta, Strict };

// "magenta" | "strict"; throws Exit::BadInput otherwise.
DrumMap parse_drum_map(const std::string& name);
std::string drum_map_name(DrumMap m);

// Class 0..8 of a GM pitch, or -1 when the map leaves it out.
int drum_class(DrumMap m, int pitch);

// Pitches of a class, the first being the one written to MIDI.
const std::vector<int>& class_pitches(DrumMap m, int cls);

// The GM pitch a class is written as (the first pitch of Magenta's list).
int class_pitch(int cls);

// Short names: kick, snare, closed-hh, open-hh, low-tom, mid-tom, high-tom, crash, ride.
const std::array<const char*, kClasses>& class_names();

}  // namespace lw::rhythm
