// Recording a live stream of NDJSON messages (what a browser sends over a
// WebSocket, e.g. bridged to stdin by websocat): one message per line, each
// stamped with its arrival time when it carries no "t".
#pragma once
#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "walk/trajectory.hpp"

namespace lw::walk {

struct RecordOptions {
  std::optional<double> rate_hz;  // nominal rate written to the file; default: estimated
  double duration = 0;            // stop after this many seconds (0 = until end of input)
  // Called now and then (at least every 200 ms) with the seconds since the
  // start and the frames so far, e.g. to draw a progress bar.
  std::function<void(double, std::size_t)> tick;
};

struct RecordResult {
  Trajectory traj;
  std::size_t lines = 0;     // non-blank lines read
  std::size_t skipped = 0;   // messages that could not be used (each reported to warn)
  bool stopped = false;      // by *stop (a signal)
  bool timed_out = false;    // by duration
};

// Reads from file descriptor `fd` until end of input, until *stop becomes
// true, or until `duration` seconds have passed. Messages without "t" are
// stamped with their arrival time in seconds after the first message
// (messages that arrive together are spaced 1 microsecond apart so times
// increase). A bad message (not JSON, missing x/y/z/azimuth, non-finite,
// time not increasing, longer than 1 MiB) is skipped and reported through
// `warn` ("name:line: what"): one bad message must not lose a recording.
RecordResult record_stream(int fd, const std::string& name, const RecordOptions& options,
                           const std::atomic<bool>* stop, const std::function<void(const std::string&)>& warn);

}  // namespace lw::walk
