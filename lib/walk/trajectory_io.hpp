// Reading and writing trajectories: JSON (latentwalk.trajectory v1), CSV with
// header t,x,y,z,azimuth, and NDJSON (one JSON object per line, as a browser
// sends over a WebSocket). Also reads a latentwalk.control file as a walk
// (x->x, y->y, z=0, azimuth=0), so explorer control paths can be rendered.
//
// Reading is streamed with bounded memory: binary data (a NUL byte), a line
// longer than 1 MiB (CSV/NDJSON) or a JSON token longer than 1 MiB stops at
// once, so a huge file of garbage fails fast. Errors name the file, the line
// and, where known, the frame.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "walk/trajectory.hpp"

namespace lw::walk {

enum class Format { Json, Csv, Ndjson };

struct ReadOptions {
  // Nominal rate for NDJSON/CSV without a `t` field: frame i gets t = i / rate_hz
  // (arrival order). Without it, a missing `t` is an error. Also overrides the
  // estimated nominal rate of CSV/NDJSON input.
  std::optional<double> rate_hz;
  // When set, problems inside frames (non-numeric or non-finite values, time
  // going backwards, duplicate time stamps) are collected here as
  // "file:line: frame N: what" and the frame is skipped, instead of throwing.
  // Structural problems (not a trajectory, missing column, empty) still throw.
  std::vector<std::string>* problems = nullptr;
  // A CSV/NDJSON file with a walker column ("walker", or "id": what
  // `lw-walk record` writes for several walkers) holds interleaved walks:
  // read as one walk, a second walker is an error that says so. With this
  // set, only that walker's frames are read (an error when it has none).
  std::optional<std::string> walker;
};

// "json" | "csv" | "ndjson" (also "jsonl"); throws a usage error otherwise.
Format parse_format(const std::string& name);
const char* format_name(Format f);
// From the extension (.json, .csv, .ndjson, .jsonl); nullopt when unknown.
std::optional<Format> format_from_extension(const std::string& path);
// From the extension; throws a usage error naming the path when unknown.
Format format_from_path(const std::string& path);

// Format from the extension, else sniffed from the first bytes; "-" = stdin.
// Throws Exit::BadInput naming the file, line and frame.
Trajectory read_trajectory(const std::string& path, const ReadOptions& options = {});
// Same, with the format forced.
Trajectory read_trajectory(const std::string& path, Format format, const ReadOptions& options = {});

// Serialises losslessly (shortest round-trip numbers).
std::string trajectory_to_string(const Trajectory& traj, Format format);
// Writes atomically ("-" = stdout).
void write_trajectory(const std::string& target, const Trajectory& traj, Format format);

// One NDJSON message (a line) parsed into a frame. `has_t` tells whether the
// message carried a time stamp. Throws Exit::BadInput with file:line.
// Returns false for a header/meta line (one carrying "format"). `walker`,
// when given, gets the message's "walker" (or "id") as text, or "" without.
bool parse_ndjson_message(const std::string& line, const std::string& path, std::size_t line_no,
                          Frame& frame, bool& has_t, std::string* walker = nullptr);

}  // namespace lw::walk
