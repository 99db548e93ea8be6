#include "walk/trajectory_io.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cmath>
#include <istream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "walk/input_buffer.hpp"

namespace lw::walk {

using nlohmann::json;
using detail::InputBuffer;

namespace {

constexpr std::size_t kMaxLine = 1u << 20;
constexpr std::size_t kMaxProblems = 100;

std::string lower_ext(const std::string& path) {
  auto slash = path.find_last_of('/');
  auto dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string e = path.substr(dot + 1);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return e;
}

std::string frame_where(std::size_t i) { return "frame " + std::to_string(i); }

// Collects per-frame problems (validate) or throws at the first (read).
struct Reporter {
  const std::string& path;
  std::vector<std::string>* problems;
  // Returns normally only when collecting.
  void problem(std::size_t line, const std::string& what) {
    if (!problems) fail_input(path, line, what);
    // Stop early: a file with this many problems is not worth reading to
    // the end (it may be gigabytes of garbage).
    if (problems->size() >= kMaxProblems)
      fail_input(path, line, "more than " + std::to_string(kMaxProblems) + " problems; stopped reading here");
    std::string msg = display_name(path);
    if (line) msg += ":" + std::to_string(line);
    problems->push_back(msg + ": " + what);
  }
};

// Appends a frame after checking that time increases; the frame index in
// messages counts frames as they appear in the file (0-based).
void append_frame(Trajectory& traj, const Frame& f, std::size_t index, std::size_t line, Reporter& rep) {
  if (!traj.frames.empty()) {
    double prev = traj.frames.back().t;
    if (f.t == prev) {
      rep.problem(line, frame_where(index) + ": duplicate time stamp t=" + format_double(f.t));
      return;
    }
    if (f.t < prev) {
      rep.problem(line, frame_where(index) + ": time goes backwards (t=" + format_double(f.t) +
                            " after t=" + format_double(prev) + ")");
      return;
    }
  }
  traj.frames.push_back(f);
}

// Nominal rate of frames read without one: 1 / median frame period.
// The walker column of a CSV/NDJSON file read as one walk (ReadOptions::walker).
class WalkerFilter {
 public:
  WalkerFilter(const std::string& path, const ReadOptions& opt) : path_(path), want_(opt.walker) {}
  // Whether to keep a frame of walker `name` ("" = the file has no walker column).
  bool keep(const std::string& name, std::size_t line_no) {
    if (name.empty()) return !want_;
    if (std::find(seen_.begin(), seen_.end(), name) == seen_.end()) seen_.push_back(name);
    if (want_) {
      if (name != *want_) return false;
      ++kept_;
      return true;
    }
    if (seen_.size() > 1)
      fail_input(path_, line_no,
                 "a second walker '" + name + "' after '" + seen_[0] +
                     "': the file holds several walkers; pick one with --walker NAME (lw-walk convert FILE --walker " +
                     seen_[0] + " -o ONE.json), or read them all with lw-walk info or plot");
    return true;
  }
  void finish() const {
    if (!want_ || kept_ > 0) return;
    if (seen_.empty()) fail_input(path_, "has no walker column (\"walker\" or \"id\"); --walker " + *want_ + " picks a walker of a file with several");
    std::string names;
    for (const auto& n : seen_) names += (names.empty() ? "" : ", ") + n;
    fail_input(path_, "has no walker '" + *want_ + "' (its walkers: " + names + ")");
  }

 private:
  const std::string& path_;
  const std::optional<std::string>& want_;
  std::vector<std::string> seen_;
  std::size_t kept_ = 0;
};

double estimate_rate(const Trajectory& traj, double fallback) {
  if (traj.frames.size() < 2) return fallback;
  std::vector<double> dt;
  dt.reserve(traj.frames.size() - 1);
  for (std::size_t i = 1; i < traj.frames.size(); ++i) dt.push_back(traj.frames[i].t - traj.frames[i - 1].t);
  std::nth_element(dt.begin(), dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2), dt.end());
  double med = dt[dt.size() / 2];
  if (!(med > 0)) return fallback;
  // Round to 6 significant digits: a nominal rate, not a measurement.
  double r = 1.0 / med;
  double mag = std::pow(10.0, std::floor(std::log10(r)) - 5);
  return std::round(r / mag) * mag;
}

void check_rate(const ReadOptions& opt) {
  if (opt.rate_hz && !(std::isfinite(*opt.rate_hz) && *opt.rate_hz > 0))
    fail_usage("rate must be a finite number > 0, got " + format_double(*opt.rate_hz));
}

// ---------------------------------------------------------------- JSON (SAX)

enum FieldBit : unsigned { kT = 1, kX = 2, kY = 4, kZ = 8, kAz = 16 };

class JsonHandler {
 public:
  JsonHandler(InputBuffer& in) : in_(in) {}

  struct RawFrame {
    Frame f;
    unsigned mask = 0;
    std::size_t line = 0;
  };
  std::map<std::size_t, std::string> bad;  // first problem inside a frame, by index (rare)
  void note_bad(const std::string& what) {
    bad.emplace(frames.size() - 1, what);  // keeps the first
  }

  std::string format, error;
  std::size_t error_line = 0;
  int version = -1;
  bool has_version = false, has_frames = false;
  std::optional<double> rate;
  std::string source;
  std::vector<RawFrame> frames;

  bool null() { return scalar("null"); }
  bool boolean(bool) { return scalar("a boolean"); }
  bool number_integer(std::int64_t v) { return number(static_cast<double>(v), true); }
  bool number_unsigned(std::uint64_t v) { return number(static_cast<double>(v), true); }
  bool number_float(double v, const std::string&) { return number(v, false); }
  bool string(std::string& s) {
    if (top() == Ctx::Top) {
      if (key_ == "format") format = s;
      else if (key_ == "source") source = s;
      else if (key_ == "version" || key_ == "rate_hz") return fail("\"" + key_ + "\" must be a number, got \"" + s + "\"");
      else if (key_ == "frames") return fail("\"frames\" must be an array");
      return true;
    }
    return scalar("a string");
  }
  bool binary(json::binary_t&) { return scalar("binary"); }
  bool start_object(std::size_t) {
    if (stack_.empty()) {
      stack_.push_back(Ctx::Top);
    } else if (top() == Ctx::Frames) {
      frames.emplace_back();
      frames.back().line = in_.line();
      stack_.push_back(Ctx::Frame);
      frame_key_.clear();
    } else if (top() == Ctx::Top && key_ == "frames") {
      return fail("\"frames\" must be an array");
    } else {
      stack_.push_back(Ctx::Skip);
    }
    return true;
  }
  bool key(std::string& k) {
    if (top() == Ctx::Top) key_ = k;
    else if (top() == Ctx::Frame) frame_key_ = k;
    return true;
  }
  bool end_object() {
    stack_.pop_back();
    return true;
  }
  bool start_array(std::size_t) {
    if (stack_.empty()) return fail("expected a JSON object with \"format\": \"latentwalk.trajectory\", got an array");
    if (top() == Ctx::Top && key_ == "frames") {
      has_frames = true;
      stack_.push_back(Ctx::Frames);
    } else {
      if (top() == Ctx::Frames) frame_value_error("expected an object, got an array");
      stack_.push_back(Ctx::Skip);
    }
    return true;
  }
  bool end_array() {
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
    if (error.empty()) {
      std::string what = ex.what();
      auto p = what.find("syntax error");
      if (p != std::string::npos) what = what.substr(p);
      error = "not valid JSON (" + what + ")";
      error_line = in_.line();
    }
    return false;
  }

 private:
  enum class Ctx { Top, Frames, Frame, Skip };
  InputBuffer& in_;
  std::vector<Ctx> stack_;
  std::string key_, frame_key_;

  Ctx top() const { return stack_.empty() ? Ctx::Skip : stack_.back(); }
  bool fail(const std::string& what) {
    if (error.empty()) {
      error = what;
      error_line = in_.line();
    }
    return false;
  }
  void frame_value_error(const std::string& what) {
    frames.emplace_back();
    frames.back().line = in_.line();
    note_bad(what);
  }
  bool scalar(const std::string& what) {
    if (top() == Ctx::Top) {
      if (key_ == "frames") return fail("\"frames\" must be an array");
      if (key_ == "version" || key_ == "rate_hz") return fail("\"" + key_ + "\" must be a number, got " + what);
      if (key_ == "format") return fail("\"format\" must be a string");
    } else if (top() == Ctx::Frame) {
      unsigned bit = field_bit(frame_key_);
      if (bit) note_bad("\"" + frame_key_ + "\" must be a number, got " + what);
    } else if (top() == Ctx::Frames) {
      frame_value_error("expected an object, got " + what);
    }
    return true;
  }
  static unsigned field_bit(const std::string& k) {
    if (k == "t") return kT;
    if (k == "x") return kX;
    if (k == "y") return kY;
    if (k == "z") return kZ;
    if (k == "azimuth" || k == "phi") return kAz;
    return 0;
  }
  bool number(double v, bool integer) {
    if (top() == Ctx::Top) {
      if (key_ == "version") {
        if (!integer) return fail("\"version\" must be an integer");
        has_version = true;
        // Clamped before the conversion (a version of 1e15 was undefined behaviour; found by fuzzing).
        version = v >= 0 && v < 1e6 ? static_cast<int>(v) : 999999;
      } else if (key_ == "rate_hz") {
        if (!std::isfinite(v) || v <= 0) return fail("\"rate_hz\" must be a finite number > 0");
        rate = v;
      } else if (key_ == "frames") {
        return fail("\"frames\" must be an array");
      } else if (key_ == "format") {
        return fail("\"format\" must be a string");
      }
      return true;
    }
    if (top() == Ctx::Frames) {
      frame_value_error("expected an object, got a number");
      return true;
    }
    if (top() != Ctx::Frame) return true;
    RawFrame& r = frames.back();
    unsigned bit = field_bit(frame_key_);
    if (!bit) return true;
    if (!std::isfinite(v)) {
      note_bad("\"" + frame_key_ + "\" is not finite");
      return true;
    }
    r.mask |= bit;
    switch (bit) {
      case kT: r.f.t = v; break;
      case kX: r.f.x = v; break;
      case kY: r.f.y = v; break;
      case kZ: r.f.z = v; break;
      default: r.f.azimuth = v; break;
    }
    return true;
  }
};

Trajectory read_json(InputBuffer& in, const ReadOptions& opt) {
  if (opt.walker)
    fail_input(in.path(), "is a JSON trajectory (one walker); --walker picks a walker of a CSV or NDJSON file with several");
  const std::string& path = in.path();
  in.set_max_token(kMaxLine);
  std::istream stream(&in);
  JsonHandler h(in);
  bool ok = json::sax_parse(stream, &h, json::input_format_t::json, true, false);
  if (!in.stop_reason().empty()) fail_input(path, in.stop_line(), in.stop_reason());
  if (!ok || !h.error.empty()) {
    if (h.error.empty()) h.error = "not valid JSON";
    if (h.error.find("expected end of input") != std::string::npos)
      h.error += "; one JSON object per line is NDJSON: name the file .ndjson";
    fail_input(path, h.error_line, h.error);
  }
  const bool control = h.format == "latentwalk.control";
  if (h.format.empty()) fail_input(path, "missing \"format\" field; expected \"latentwalk.trajectory\"");
  if (h.format != "latentwalk.trajectory" && !control)
    fail_input(path, "is a \"" + h.format + "\" file; expected \"latentwalk.trajectory\" (or \"latentwalk.control\")");
  if (!h.has_version) fail_input(path, "missing integer \"version\" field");
  if (h.version != 1) fail_input(path, "has " + h.format + " version " + std::to_string(h.version) + "; this tool reads version 1");
  if (!h.has_frames) fail_input(path, "missing \"frames\"");
  if (h.frames.empty()) fail_input(path, "\"frames\" is empty; a trajectory needs at least one frame");
  Trajectory traj;
  traj.rate_hz = h.rate ? *h.rate : 10.0;
  traj.source = h.source;
  traj.frames.reserve(h.frames.size());
  Reporter rep{path, opt.problems};
  const unsigned need = control ? (kT | kX | kY) : (kT | kX | kY | kZ | kAz);
  for (std::size_t i = 0; i < h.frames.size(); ++i) {
    auto& r = h.frames[i];
    auto bad = h.bad.find(i);
    if (bad != h.bad.end()) {
      rep.problem(r.line, frame_where(i) + ": " + bad->second);
      continue;
    }
    if ((r.mask & need) != need) {
      std::string missing;
      const char* names[] = {"t", "x", "y", "z", "azimuth"};
      for (int b = 0; b < 5; ++b)
        if ((need & (1u << b)) && !(r.mask & (1u << b))) missing += std::string(missing.empty() ? "" : ", ") + "\"" + names[b] + "\"";
      rep.problem(r.line, frame_where(i) + ": missing " + missing);
      continue;
    }
    if (control) {  // the explorer's 2-D position walks the ground plane
      r.f.z = 0;
      r.f.azimuth = 0;
    }
    append_frame(traj, r.f, i, r.line, rep);
  }
  if (traj.frames.empty()) fail_input(path, "no valid frames");
  if (opt.rate_hz) traj.rate_hz = *opt.rate_hz;
  return traj;
}

// ---------------------------------------------------------------- CSV

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    auto c = line.find(',', pos);
    std::string cell = line.substr(pos, c == std::string::npos ? std::string::npos : c - pos);
    // trim spaces and optional quotes around header names
    auto b = cell.find_first_not_of(" \t");
    auto e = cell.find_last_not_of(" \t");
    cell = b == std::string::npos ? "" : cell.substr(b, e - b + 1);
    if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
    out.push_back(cell);
    if (c == std::string::npos) break;
    pos = c + 1;
  }
  return out;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

Trajectory read_csv(InputBuffer& in, const ReadOptions& opt) {
  const std::string& path = in.path();
  Reporter rep{path, opt.problems};
  std::string line;
  std::size_t line_no = 0;
  // Header: the first line that is neither blank nor a comment.
  std::vector<std::string> header;
  std::optional<double> comment_rate;
  std::string source;
  while (in.getline(line, kMaxLine)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (blank(line)) continue;
    if (line[0] == '#') {
      // "# rate_hz: 10" / "# source: ..." comments carry metadata.
      auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::string k = line.substr(1, colon - 1), v = line.substr(colon + 1);
        k.erase(0, k.find_first_not_of(" \t"));
        k.erase(k.find_last_not_of(" \t") + 1);
        v.erase(0, v.find_first_not_of(" \t"));
        double r;
        if (k == "rate_hz" && parse_double(v, r) && std::isfinite(r) && r > 0) comment_rate = r;
        if (k == "source") source = v;
      }
      continue;
    }
    header = split_csv(line);
    break;
  }
  if (header.empty()) fail_input(path, "is empty; expected a CSV header t,x,y,z,azimuth");
  int col[5] = {-1, -1, -1, -1, -1};
  int walker_col = -1;
  const char* names[] = {"t", "x", "y", "z", "azimuth"};
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string h = header[i];
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (h == "phi") h = "azimuth";
    if ((h == "walker" || h == "id") && walker_col < 0) walker_col = static_cast<int>(i);
    for (int k = 0; k < 5; ++k)
      if (h == names[k]) {
        if (col[k] >= 0) fail_input(path, line_no, "column \"" + h + "\" appears twice in the header");
        col[k] = static_cast<int>(i);
      }
  }
  {
    std::string missing;
    for (int k = 0; k < 5; ++k)
      if (col[k] < 0 && !(k == 0 && opt.rate_hz)) missing += std::string(missing.empty() ? "" : ", ") + names[k];
    if (!missing.empty()) {
      bool numeric = false;
      double d;
      for (const auto& c : header) numeric = numeric || parse_double(c, d);
      fail_input(path, line_no,
                 numeric ? std::string("no header line; expected the header t,x,y,z,azimuth first")
                         : "missing column " + missing + " (header is \"" + line.substr(0, 200) +
                               "\"; expected t,x,y,z,azimuth)");
    }
  }
  Trajectory traj;
  traj.source = source;
  WalkerFilter walkers(path, opt);
  std::size_t index = 0;
  while (in.getline(line, kMaxLine)) {
    ++line_no;
    if (blank(line) || line[0] == '#') continue;
    auto cells = split_csv(line);
    std::size_t this_index = index++;
    if (cells.size() != header.size()) {
      rep.problem(line_no, frame_where(this_index) + ": " + std::to_string(cells.size()) + " values, expected " +
                               std::to_string(header.size()) + " (one per header column)");
      continue;
    }
    if (!walkers.keep(walker_col < 0 ? std::string() : cells[static_cast<std::size_t>(walker_col)], line_no)) continue;
    Frame f;
    double* dst[5] = {&f.t, &f.x, &f.y, &f.z, &f.azimuth};
    bool ok = true;
    for (int k = 0; k < 5 && ok; ++k) {
      if (col[k] < 0) continue;
      const std::string& cell = cells[static_cast<std::size_t>(col[k])];
      if (!parse_double(cell, *dst[k])) {
        rep.problem(line_no, frame_where(this_index) + ": " + names[k] + " '" + cell.substr(0, 40) + "' is not a number");
        ok = false;
      } else if (!std::isfinite(*dst[k])) {
        rep.problem(line_no, frame_where(this_index) + ": " + names[k] + " '" + cell + "' is not finite");
        ok = false;
      }
    }
    if (!ok) continue;
    if (col[0] < 0) f.t = static_cast<double>(this_index) / *opt.rate_hz;
    append_frame(traj, f, this_index, line_no, rep);
  }
  if (index == 0) fail_input(path, "has a header but no frames");
  walkers.finish();
  if (traj.frames.empty()) fail_input(path, "no valid frames");
  traj.rate_hz = opt.rate_hz ? *opt.rate_hz : comment_rate ? *comment_rate : estimate_rate(traj, 10.0);
  return traj;
}

// ---------------------------------------------------------------- NDJSON

Trajectory read_ndjson(InputBuffer& in, const ReadOptions& opt) {
  const std::string& path = in.path();
  Reporter rep{path, opt.problems};
  Trajectory traj;
  std::optional<double> header_rate;
  std::string line;
  std::size_t line_no = 0, index = 0;
  int with_t = -1;  // unknown until the first message
  bool any_line = false;
  WalkerFilter walkers(path, opt);
  std::string walker;
  while (in.getline(line, kMaxLine)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (blank(line)) continue;
    any_line = true;
    Frame f;
    bool has_t = false;
    std::size_t this_index = index;
    try {
      if (!parse_ndjson_message(line, path, line_no, f, has_t, &walker)) {
        // A header line: {"format":"latentwalk.trajectory","version":1,"rate_hz":..}
        json h = json::parse(line);
        if (h.value("format", std::string()) != "latentwalk.trajectory")
          fail_input(path, line_no, "is a \"" + h.value("format", std::string("?")) + "\" message; expected trajectory frames");
        if (h.contains("rate_hz") && h["rate_hz"].is_number() && h["rate_hz"].get<double>() > 0)
          header_rate = h["rate_hz"].get<double>();
        if (h.contains("source") && h["source"].is_string()) traj.source = h["source"].get<std::string>();
        continue;
      }
    } catch (const Error& e) {
      // validate: note the bad message and go on (a first line that is not
      // JSON at all still stops, it is not an NDJSON file).
      if (!opt.problems || index == 0) throw;
      ++index;
      if (opt.problems->size() >= kMaxProblems)
        fail_input(path, line_no, "more than " + std::to_string(kMaxProblems) + " problems; stopped reading here");
      opt.problems->push_back(e.what());
      continue;
    }
    if (!walkers.keep(walker, line_no)) continue;
    ++index;
    if (!has_t) {
      if (!opt.rate_hz)
        fail_input(path, line_no, frame_where(this_index) + ": no \"t\"; give the arrival rate (--rate HZ) to time frames by arrival order");
      f.t = static_cast<double>(this_index) / *opt.rate_hz;
    }
    if (with_t < 0) with_t = has_t;
    if (with_t != static_cast<int>(has_t))
      fail_input(path, line_no, frame_where(this_index) + (has_t ? ": has \"t\" but earlier frames do not" : ": no \"t\" but earlier frames have one"));
    append_frame(traj, f, this_index, line_no, rep);
  }
  if (!any_line) fail_input(path, "is empty; expected one JSON object per line");
  walkers.finish();
  if (index == 0) fail_input(path, "has no frames");
  if (traj.frames.empty()) fail_input(path, "no valid frames");
  traj.rate_hz = opt.rate_hz ? *opt.rate_hz : header_rate ? *header_rate : estimate_rate(traj, 10.0);
  return traj;
}

// ---------------------------------------------------------------- sniffing

void check_not_empty(InputBuffer& in) {
  if (!in.prefix().empty()) return;
  if (!in.stop_reason().empty()) fail_input(in.path(), in.stop_line(), in.stop_reason());
  fail_input(in.path(), "is empty; expected a trajectory (JSON, CSV or NDJSON)");
}

Format sniff(InputBuffer& in) {
  std::string_view p = in.prefix();
  if (p.substr(0, 3) == "\xEF\xBB\xBF") p.remove_prefix(3);
  auto first = p.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    if (!in.stop_reason().empty()) fail_input(in.path(), in.stop_line(), in.stop_reason());
    if (p.empty()) fail_input(in.path(), "is empty; expected a trajectory (JSON, CSV or NDJSON)");
    fail_input(in.path(), "contains only white space; expected a trajectory (JSON, CSV or NDJSON)");
  }
  char c = p[first];
  if (c == '{') {
    // NDJSON when the first line is a complete object of its own without "frames".
    auto nl = p.find('\n', first);
    if (nl != std::string_view::npos) {
      std::string_view line = p.substr(first, nl - first);
      if (line.find("\"frames\"") == std::string_view::npos && json::accept(line)) return Format::Ndjson;
    }
    return Format::Json;
  }
  if (c == '[') return Format::Json;  // refused with a clear message by the JSON reader
  if (std::isalpha(static_cast<unsigned char>(c)) || c == '#' || c == '"') return Format::Csv;
  if (!in.stop_reason().empty()) fail_input(in.path(), in.stop_line(), in.stop_reason());
  fail_input(in.path(), 1, "not a trajectory: expected JSON (\"{\"), NDJSON or CSV with header t,x,y,z,azimuth");
}

// ---------------------------------------------------------------- writing

void append_num(std::string& s, double v) { s += format_double(v); }

}  // namespace

Format parse_format(const std::string& name) {
  if (name == "json") return Format::Json;
  if (name == "csv") return Format::Csv;
  if (name == "ndjson" || name == "jsonl") return Format::Ndjson;
  fail_usage("unknown trajectory format '" + name + "'; expected json, csv or ndjson");
}

const char* format_name(Format f) {
  switch (f) {
    case Format::Json: return "json";
    case Format::Csv: return "csv";
    default: return "ndjson";
  }
}

std::optional<Format> format_from_extension(const std::string& path) {
  std::string e = lower_ext(path);
  if (e == "json") return Format::Json;
  if (e == "csv") return Format::Csv;
  if (e == "ndjson" || e == "jsonl") return Format::Ndjson;
  return std::nullopt;
}

Format format_from_path(const std::string& path) {
  auto f = format_from_extension(path);
  if (!f)
    fail_usage("cannot tell the format of '" + path + "' from its extension; use .json, .csv or .ndjson (or --to)");
  return *f;
}

bool parse_ndjson_message(const std::string& line, const std::string& path, std::size_t line_no, Frame& frame,
                          bool& has_t, std::string* walker) {
  json msg;
  try {
    msg = json::parse(line);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    auto p = what.find("syntax error");
    if (p != std::string::npos) what = what.substr(p);
    fail_input(path, line_no, "not a JSON object (" + what + ")");
  }
  if (!msg.is_object()) fail_input(path, line_no, "expected a JSON object per line, got " + std::string(msg.type_name()));
  if (msg.contains("format")) return false;
  auto num = [&](const char* key, const char* alias, double& out, bool required) {
    auto it = msg.find(key);
    if (it == msg.end() && alias) it = msg.find(alias);
    if (it == msg.end()) {
      if (required) fail_input(path, line_no, std::string("missing \"") + key + "\"");
      return false;
    }
    if (!it->is_number()) fail_input(path, line_no, "\"" + it.key() + "\" must be a number, got " + it->dump());
    out = it->get<double>();
    if (!std::isfinite(out)) fail_input(path, line_no, "\"" + it.key() + "\" is not finite");
    return true;
  };
  has_t = num("t", nullptr, frame.t, false);
  num("x", nullptr, frame.x, true);
  num("y", nullptr, frame.y, true);
  num("z", nullptr, frame.z, true);
  num("azimuth", "phi", frame.azimuth, true);
  if (walker) {
    auto it = msg.find("walker");
    if (it == msg.end()) it = msg.find("id");
    *walker = it == msg.end() ? std::string() : it->is_string() ? it->get<std::string>() : it->dump();
  }
  return true;
}

Trajectory read_trajectory(const std::string& path, Format format, const ReadOptions& options) {
  check_rate(options);
  InputBuffer in(path);
  check_not_empty(in);
  switch (format) {
    case Format::Json: return read_json(in, options);
    case Format::Csv: return read_csv(in, options);
    default: return read_ndjson(in, options);
  }
}

Trajectory read_trajectory(const std::string& path, const ReadOptions& options) {
  check_rate(options);
  auto ext = format_from_extension(path);
  InputBuffer in(path);
  Format f = ext ? *ext : sniff(in);
  check_not_empty(in);
  switch (f) {
    case Format::Json: return read_json(in, options);
    case Format::Csv: return read_csv(in, options);
    default: return read_ndjson(in, options);
  }
}

namespace {

// Serialises into `sink` in chunks, so writing a long walk does not hold a
// second copy of it in memory.
template <class Sink>
void serialise(const Trajectory& traj, Format format, Sink&& sink) {
  std::string s;
  s.reserve(1 << 17);
  auto flush_if_full = [&] {
    if (s.size() > (1 << 16)) {
      sink(s);
      s.clear();
    }
  };
  auto frame_obj = [&](const Frame& f) {
    s += "{\"t\":"; append_num(s, f.t);
    s += ",\"x\":"; append_num(s, f.x);
    s += ",\"y\":"; append_num(s, f.y);
    s += ",\"z\":"; append_num(s, f.z);
    s += ",\"azimuth\":"; append_num(s, f.azimuth);
    s += '}';
  };
  if (format == Format::Csv) {
    s += "t,x,y,z,azimuth\n";
    for (const auto& f : traj.frames) {
      append_num(s, f.t); s += ',';
      append_num(s, f.x); s += ',';
      append_num(s, f.y); s += ',';
      append_num(s, f.z); s += ',';
      append_num(s, f.azimuth); s += '\n';
      flush_if_full();
    }
  } else if (format == Format::Ndjson) {
    // A header line carries the nominal rate and provenance; readers that do
    // not know it can skip lines with "format".
    json h = {{"format", "latentwalk.trajectory"}, {"version", 1}, {"rate_hz", traj.rate_hz}};
    if (!traj.source.empty()) h["source"] = traj.source;
    s += h.dump() + "\n";
    for (const auto& f : traj.frames) {
      frame_obj(f);
      s += '\n';
      flush_if_full();
    }
  } else {
    s += "{\n \"format\": \"latentwalk.trajectory\",\n \"version\": 1,\n \"rate_hz\": ";
    append_num(s, traj.rate_hz);
    if (!traj.source.empty()) s += ",\n \"source\": " + json(traj.source).dump();
    s += ",\n \"frames\": [";
    for (std::size_t i = 0; i < traj.frames.size(); ++i) {
      s += i ? ",\n  " : "\n  ";
      frame_obj(traj.frames[i]);
      flush_if_full();
    }
    s += "\n ]\n}\n";
  }
  sink(s);
}

}  // namespace

std::string trajectory_to_string(const Trajectory& traj, Format format) {
  std::string out;
  serialise(traj, format, [&](const std::string& chunk) { out += chunk; });
  return out;
}

void write_trajectory(const std::string& target, const Trajectory& traj, Format format) {
  // Checked where it leaves: a transform or resampling that overflowed must
  // not write "inf"/"nan" as if all were well (issue 14).
  for (std::size_t i = 0; i < traj.frames.size(); ++i) {
    const Frame& f = traj.frames[i];
    const double v[5] = {f.t, f.x, f.y, f.z, f.azimuth};
    const char* names[5] = {"t", "x", "y", "z", "azimuth"};
    for (int k = 0; k < 5; ++k)
      if (!std::isfinite(v[k]))
        fail_usage("refusing to write '" + target + "': frame " + std::to_string(i) + ": " + names[k] +
                   " is not a finite number (the values overflowed a double)");
  }
  AtomicOutput out(target);
  std::ostream& os = out.stream();
  serialise(traj, format, [&](const std::string& chunk) { os.write(chunk.data(), static_cast<std::streamsize>(chunk.size())); });
  out.commit();
}

}  // namespace lw::walk
