// Recording live walks: messages as a browser sends them (over a WebSocket,
// or lines on stdin) become frames of one or several walkers, each accepted
// frame is appended to a journal at once (so a crash loses at most the frame
// being written), optionally forwarded (OSC), and at a clean stop the walks
// are written atomically.
//
// A message is one JSON object {t?, x, y, z, azimuth|phi, walker|id?}, a JSON
// array of such objects, or CSV lines "x,y,z,azimuth", "t,x,y,z,azimuth" or
// "t,x,y,z,azimuth,walker". A bad message (not JSON, a missing field, a
// number that is not finite or overflows, an unusable walker name) is counted
// and skipped: it never ends a recording.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "walk/trajectory.hpp"
#include "walk/trajectory_io.hpp"

namespace lw::walk {

using RecordClock = std::chrono::steady_clock;

struct MessageFrame {
  Frame frame;
  bool has_t = false;
  std::string walker;  // empty: the connection's walker
};

// Parses one message into its frames (none for a header line or a CSV
// header). Throws lw::Error (Exit::BadInput) with what is wrong ("\"x\" is
// not a finite number", ...), without file or line.
std::vector<MessageFrame> parse_stream_message(std::string_view text);

// A walker name: 1..64 of A-Z a-z 0-9 . _ - , not starting with '.'. It
// becomes part of file names ({walker}) and OSC addresses.
bool valid_walker_name(const std::string& name);

struct WalkerTrack {
  std::string name;
  Trajectory traj;
  int with_t = -1;                 // -1 unknown, 0 stamped on arrival, 1 given
  std::size_t dropped_backwards = 0;  // frames whose t did not increase
};

struct RecordCounts {
  std::size_t messages = 0;   // messages received
  std::size_t frames = 0;     // frames accepted
  std::size_t bad = 0;        // messages (or array items) skipped as malformed
  std::size_t backwards = 0;  // frames dropped: t not after the walker's last
  std::size_t refused = 0;    // frames of walkers beyond --max-walkers
};

struct RecorderOptions {
  std::optional<double> rate_hz;  // nominal rate written; default: estimated per walker
  std::size_t max_walkers = 16;
  std::string journal;            // path; empty = no journal
  bool sync = false;              // fsync the journal after every frame
  // Called for every accepted frame (e.g. the OSC forward).
  std::function<void(const std::string& walker, const Frame&)> forward;
};

class Recorder {
 public:
  // Creates the journal (refusing to replace an existing one: it may hold an
  // unrecovered recording). `warn` gets one line per skipped message.
  Recorder(RecorderOptions options, std::function<void(const std::string&)> warn);
  ~Recorder();
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;

  // One message from `where` (a connection "127.0.0.1:5555" or "<stdin>:12");
  // frames without a walker field belong to `default_walker`. Returns false
  // when a frame named a walker beyond max_walkers (the caller may close the
  // connection).
  bool message(std::string_view text, const std::string& default_walker, const std::string& where,
               RecordClock::time_point arrival);

  // Counts a message that could not even be read (too long) as skipped.
  void skip(const std::string& where, const std::string& what);

  const std::vector<WalkerTrack>& walkers() const { return walkers_; }
  const RecordCounts& counts() const { return counts_; }
  const std::string& journal_path() const { return opt_.journal; }
  std::optional<RecordClock::time_point> last_frame_time() const { return last_frame_; }
  // Sets each walker's nominal rate (given, or 1 / median period to 3 digits).
  void finish();
  // Closes and deletes the journal (after the final files are written).
  void remove_journal();

 private:
  bool accept(const MessageFrame& m, const std::string& default_walker, const std::string& where,
              RecordClock::time_point arrival);
  void journal(const std::string& walker, const Frame& f);
  RecorderOptions opt_;
  std::function<void(const std::string&)> warn_;
  std::vector<WalkerTrack> walkers_;
  std::map<std::string, std::size_t> index_;
  RecordCounts counts_;
  std::optional<RecordClock::time_point> first_arrival_, last_frame_;
  int journal_fd_ = -1;
};

// The nominal rate of a recorded walk: 1 / median frame period, to 3
// significant digits (10 for fewer than two frames).
double estimate_recorded_rate(const Trajectory& t);

// Reads lines from file descriptor `fd` (stdin) into `rec`, one message per
// line, until end of input, *stop, `duration` seconds (0 = none) or
// `until_idle` seconds without a frame (0 = none). Lines over 1 MiB are
// skipped. `tick` is called at least every 200 ms with the seconds elapsed.
enum class StopReason { EndOfInput, Signal, Duration, Idle };
StopReason record_lines(int fd, const std::string& name, Recorder& rec, double duration, double until_idle,
                        const std::atomic<bool>* stop, const std::function<void(double)>& tick = {});

// Limits notes on stderr: the first 20 go through, then at most one a second,
// with the number held back.
class WarnThrottle {
 public:
  explicit WarnThrottle(std::function<void(const std::string&)> out) : out_(std::move(out)) {}
  void operator()(const std::string& note);
  // Says how many were held back since the last note, if any.
  void flush();

 private:
  std::function<void(const std::string&)> out_;
  std::size_t seen_ = 0, held_ = 0;
  RecordClock::time_point last_{};
};

// ---- outputs

// Where the walks of a recording go: OUT with "{walker}" gives one file per
// walker; otherwise one file, with a walker column (CSV, NDJSON) when there
// are several walkers, or — for JSON, which holds one walk — one file per
// walker named OUT-stem.WALKER.json.
struct OutputPlan {
  std::string path;
  std::optional<Format> format;  // forced (--to); else from the extension; stdout: json
};
// The journal that goes with an output: OUT.journal ({walker} read as "all");
// empty for stdout.
std::string default_journal_path(const OutputPlan& out);
// Fails (usage) when the path's extension does not tell the format.
void check_output_plan(const OutputPlan& out);
// Writes every walk atomically; returns the files written ("-" for stdout).
std::vector<std::string> write_recording(const OutputPlan& out, const std::vector<WalkerTrack>& walkers,
                                         const std::string& source);

// ---- journals

struct Recovered {
  std::vector<WalkerTrack> walkers;
  std::optional<double> rate_hz;  // as given to the recording
  std::size_t lines = 0;          // frame lines read
  bool torn_tail = false;         // the last line was cut off (the frame being written)
};
// Reads a journal back. Throws Exit::BadInput when it is not one, or when a
// line other than the last is damaged.
Recovered read_journal(const std::string& path);

// ---- reading several walkers

// A file with a walker column (NDJSON "walker" field, CSV "walker" column) is
// split into its walkers, in order of appearance; any other trajectory is
// one walker named after the file. `-` reads stdin as one walker.
std::vector<WalkerTrack> read_walkers(const std::string& path, const ReadOptions& options = {});

}  // namespace lw::walk
