// Standard MIDI Files (type 0 and 1), read and written without a third-party
// library. The reader is strict: every length is checked against the bytes
// that are there, so a truncated or corrupted file is refused with a message
// naming the file, the track and the byte offset, never read past its end.
//
// Only what latentwalk needs is kept: notes (on/off paired per channel and
// pitch), tempo changes and time signatures. Other channel messages, meta
// events and sysex are parsed (to stay in step) and skipped.
// Reference: "Standard MIDI Files 1.0", MIDI Manufacturers Association, 1996.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lw::midi {

struct Note {
  std::uint32_t tick = 0;      // absolute start, in ticks
  std::uint32_t duration = 0;  // ticks from note-on to its note-off
  int channel = 0;             // 0..15 (MIDI channel 10 is 9)
  int pitch = 0;               // 0..127
  int velocity = 0;            // 1..127
  int track = 0;               // chunk index the note came from
};

struct TempoChange {
  std::uint32_t tick = 0;
  std::uint32_t us_per_quarter = 500000;  // 120 bpm
};

struct TimeSignature {
  std::uint32_t tick = 0;
  int numerator = 4;
  int denominator = 4;  // a power of two
};

struct File {
  int format = 1;            // 0 or 1
  int division = 480;        // ticks per quarter note
  int track_count = 0;       // MTrk chunks read (or to write)
  std::uint32_t end_tick = 0;  // latest End of Track
  std::vector<Note> notes;   // sorted by (tick, channel, pitch)
  std::vector<TempoChange> tempos;           // sorted by tick
  std::vector<TimeSignature> time_signatures;  // sorted by tick
};

// Parses SMF bytes; `name` is used in messages. Throws lw::Error (Exit::BadInput)
// for anything malformed: bad magic, truncated chunks, wrong chunk lengths,
// running status without a status, data bytes >= 0x80, events after End of
// Track, a missing End of Track, format 2, SMPTE or zero division, ...
File parse(const std::string& bytes, const std::string& name);

// Reads a file ("-" = stdin).
File read(const std::string& path);

// Serialises as a type 1 file: track 0 holds time signatures and tempos, track
// 1 the notes (note-on, then note-off with velocity 0x40). A note-off is
// written before a note-on at the same tick. Throws on values out of range.
std::string serialise(const File& file);

// Atomic write (temporary file renamed into place; "-" = stdout).
void write(const std::string& target, const File& file);

// Seconds at `tick` through the tempo map (120 bpm before the first change).
double tick_to_seconds(const File& file, std::uint64_t tick);

// Beats per minute of a tempo change.
double bpm(const TempoChange& t);

}  // namespace lw::midi
