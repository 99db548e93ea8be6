// Notes and ambitus at note level.
//
// Notes: the take is cut at its onsets (onsets.hpp) into segments; a segment
// whose confident pitch frames (confidence >= min_confidence, pitch > 0),
// counted from `attack` seconds after its start (the attack's pitch is
// unreliable: octave and sub-harmonic errors, glides), hold more than one
// steady pitch (runs of at least kMinRunFrames frames whose neighbours are
// within kRunStep semitones, with medians more than kSplitStep semitones
// apart) is cut again where the next run starts, so legato notes without an
// onset are found too. Each note's pitch is the median of its confident
// frames after the attack; a segment without such frames (breath, noise, a
// note too short to be tracked) is no note.
//
// Ambitus at a frame: max - min of the pitches of the last `last` notes that
// started at or before the frame (fewer at the start of the take; 0 before
// the second note), in semitones, held between onsets.
#pragma once
#include <cstddef>
#include <vector>

namespace lw::features {

constexpr int kMinRunFrames = 3;
constexpr double kRunStep = 0.5;    // semitones between neighbouring frames of a run
constexpr double kSplitStep = 0.75;  // semitones between runs that make two notes

struct Note {
  double onset = 0;   // seconds (frame time)
  double midi = 0;    // median pitch of its confident frames
  std::size_t first = 0, frames = 0;  // frame range of the segment
};

struct NoteParams {
  double min_confidence = 0.7;
  double attack = 0.03;  // seconds ignored at the start of each segment
};

// times/midi/confidence: one per frame; onset_frames: ascending frame indices.
std::vector<Note> find_notes(const std::vector<double>& times, const std::vector<double>& midi,
                             const std::vector<double>& confidence, const std::vector<std::size_t>& onset_frames,
                             const NoteParams& params);

// Per frame: the ambitus of the last `last` notes (see above).
std::vector<double> ambitus_track(const std::vector<double>& times, const std::vector<Note>& notes, int last);

}  // namespace lw::features
