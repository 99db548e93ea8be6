#include "walk/record.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/numfmt.hpp"

namespace lw::walk {

using json = nlohmann::json;

namespace {

constexpr std::size_t kMaxLine = 1u << 20;
const char* kJournalFormat = "latentwalk.record-journal";

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void bad(const std::string& what) { throw Error(Exit::BadInput, what); }

// At most n bytes of received text for a message, control bytes (NUL too) as '?'.
std::string excerpt(std::string_view s, std::size_t n) {
  std::string out(s.substr(0, n));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return out;
}

std::string walker_of(const json& v, const char* key) {
  std::string name;
  if (v.is_string())
    name = v.get<std::string>();
  else if (v.is_number_integer() || v.is_number_unsigned())
    name = v.dump();
  else
    bad(std::string("\"") + key + "\" must be a string or an integer, got " + v.dump().substr(0, 40));
  if (!valid_walker_name(name))
    bad(std::string("\"") + key + "\" '" + excerpt(name, 40) +
        "' is not a usable walker name (1-64 of A-Z a-z 0-9 . _ -, not starting with '.')");
  return name;
}

// One JSON object; false for a header/meta line (one carrying "format").
bool frame_of(const json& msg, MessageFrame& m) {
  if (!msg.is_object()) bad(std::string("expected a JSON object, got ") + msg.type_name());
  if (msg.contains("format")) return false;
  auto num = [&](const char* key, const char* alias, double& out, bool required) {
    auto it = msg.find(key);
    if (it == msg.end() && alias) it = msg.find(alias);
    if (it == msg.end()) {
      if (required) bad(std::string("missing \"") + key + "\"" + (alias ? std::string(" (or \"") + alias + "\")" : ""));
      return false;
    }
    if (!it->is_number()) bad("\"" + it.key() + "\" must be a number, got " + it->dump().substr(0, 40));
    out = it->get<double>();
    if (!std::isfinite(out)) bad("\"" + it.key() + "\" is not a finite number");
    return true;
  };
  m.has_t = num("t", nullptr, m.frame.t, false);
  num("x", nullptr, m.frame.x, true);
  num("y", nullptr, m.frame.y, true);
  num("z", nullptr, m.frame.z, true);
  num("azimuth", "phi", m.frame.azimuth, true);
  if (auto it = msg.find("walker"); it != msg.end())
    m.walker = walker_of(*it, "walker");
  else if (auto id = msg.find("id"); id != msg.end())
    m.walker = walker_of(*id, "id");
  return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  for (;;) {
    auto c = s.find(sep, pos);
    out.push_back(trim(s.substr(pos, c == std::string_view::npos ? std::string_view::npos : c - pos)));
    if (c == std::string_view::npos) return out;
    pos = c + 1;
  }
}

void csv_line(std::string_view line, std::vector<MessageFrame>& out) {
  auto cells = split(line, ',');
  double d;
  if (!cells.empty() && !parse_double(cells[0], d) && (cells[0] == "t" || cells[0] == "x")) return;  // a header
  if (cells.size() < 4 || cells.size() > 6)
    bad("not a JSON object (nor a CSV line x,y,z,azimuth or t,x,y,z,azimuth[,walker]): '" +
        excerpt(line, 60) + "'");
  MessageFrame m;
  m.has_t = cells.size() >= 5;
  double* dst5[] = {&m.frame.t, &m.frame.x, &m.frame.y, &m.frame.z, &m.frame.azimuth};
  double** dst = m.has_t ? dst5 : dst5 + 1;
  const char* names5[] = {"t", "x", "y", "z", "azimuth"};
  const char** names = m.has_t ? names5 : names5 + 1;
  std::size_t n = m.has_t ? 5 : 4;
  for (std::size_t k = 0; k < n; ++k) {
    if (!parse_double(cells[k], *dst[k]))
      bad(std::string("CSV ") + names[k] + " '" + excerpt(cells[k], 40) + "' is not a number");
    if (!std::isfinite(*dst[k])) bad(std::string("CSV ") + names[k] + " '" + excerpt(cells[k], 40) + "' is not a finite number");
  }
  if (cells.size() == 6) {
    std::string w(cells[5]);
    if (!valid_walker_name(w)) bad("CSV walker '" + excerpt(w, 40) + "' is not a usable walker name");
    m.walker = w;
  }
  out.push_back(m);
}

std::string describe_json_error(const json::exception& e) {
  std::string what = e.what();
  // "[json.exception.parse_error.101] parse error at line 1, column 3: syntax error ..." -> the part after the tag
  auto p = what.find("] ");
  if (p != std::string::npos) what = what.substr(p + 2);
  return what.substr(0, 200);
}

std::string frame_json(const std::string* walker, const Frame& f) {
  std::string s = "{";
  if (walker) s += "\"walker\":" + json(*walker).dump() + ",";
  s += "\"t\":" + format_double(f.t) + ",\"x\":" + format_double(f.x) + ",\"y\":" + format_double(f.y) +
       ",\"z\":" + format_double(f.z) + ",\"azimuth\":" + format_double(f.azimuth) + "}";
  return s;
}

bool write_all(int fd, const std::string& s) {
  const char* p = s.data();
  std::size_t left = s.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool valid_walker_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name[0] == '.') return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

std::vector<MessageFrame> parse_stream_message(std::string_view text) {
  std::string_view s = trim(text);
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s = trim(s.substr(3));
  if (s.empty()) bad("an empty message");
  std::vector<MessageFrame> out;
  if (s[0] == '{' || s[0] == '[') {
    json msg;
    try {
      msg = json::parse(s.begin(), s.end());
    } catch (const json::out_of_range& e) {
      // A number too large for a double (-1e999): a bad message, never fatal.
      bad("a number out of range (" + describe_json_error(e) + ")");
    } catch (const json::exception& e) {
      bad("not a JSON object (" + describe_json_error(e) + ")");
    }
    try {
      if (msg.is_array()) {
        if (msg.empty()) bad("an empty JSON array");
        std::size_t i = 0;
        for (const auto& item : msg) {
          MessageFrame m;
          try {
            if (frame_of(item, m)) out.push_back(m);
          } catch (const Error& e) {
            bad("item " + std::to_string(i) + " of the array: " + e.what());
          }
          ++i;
        }
      } else {
        MessageFrame m;
        if (frame_of(msg, m)) out.push_back(m);
      }
    } catch (const json::exception& e) {
      bad(describe_json_error(e));
    }
    return out;
  }
  for (auto line : split(s, '\n'))
    if (!line.empty()) csv_line(line, out);
  return out;
}

// ---------------------------------------------------------------- Recorder

Recorder::Recorder(RecorderOptions options, std::function<void(const std::string&)> warn)
    : opt_(std::move(options)) {
  // Notes quote bits of what was received: keep control bytes off the terminal.
  warn_ = [w = std::move(warn)](const std::string& note) {
    std::string clean = note;
    for (char& c : clean)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    w(clean);
  };
  if (opt_.rate_hz && !(std::isfinite(*opt_.rate_hz) && *opt_.rate_hz > 0)) fail_usage("--rate must be a finite number > 0");
  if (opt_.max_walkers < 1) fail_usage("--max-walkers must be at least 1");
  if (opt_.journal.empty()) return;
  journal_fd_ = ::open(opt_.journal.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
  if (journal_fd_ < 0) {
    if (errno == EEXIST)
      fail_input(opt_.journal,
                 "a journal already exists (a recording that did not end cleanly?); recover it with "
                 "'lw-walk record --recover " + opt_.journal + " -o OUT', or remove it");
    fail_input(opt_.journal, std::string("cannot create the journal: ") + std::strerror(errno));
  }
  json h = {{"format", kJournalFormat}, {"version", 1}};
  if (opt_.rate_hz) h["rate_hz"] = *opt_.rate_hz;
  if (!write_all(journal_fd_, h.dump() + "\n"))
    fail_input(opt_.journal, std::string("cannot write the journal: ") + std::strerror(errno));
}

Recorder::~Recorder() {
  if (journal_fd_ >= 0) ::close(journal_fd_);
}

void Recorder::journal(const std::string& walker, const Frame& f) {
  if (journal_fd_ < 0) return;
  // One write() per frame: a crash loses at most the line being written.
  if (!write_all(journal_fd_, frame_json(&walker, f) + "\n") || (opt_.sync && ::fsync(journal_fd_) != 0)) {
    warn_(display_name(opt_.journal) + ": cannot append to the journal (" + std::strerror(errno) +
          "); recording goes on in memory only");
    ::close(journal_fd_);
    journal_fd_ = -1;
  }
}

bool Recorder::accept(const MessageFrame& m, const std::string& default_walker, const std::string& where,
                      RecordClock::time_point arrival) {
  const std::string& name = m.walker.empty() ? default_walker : m.walker;
  auto it = index_.find(name);
  if (it == index_.end() && walkers_.size() >= opt_.max_walkers) {
    ++counts_.refused;
    warn_(where + ": walker '" + name + "' would be more than --max-walkers " + std::to_string(opt_.max_walkers) +
          "; frame skipped");
    return false;
  }
  WalkerTrack probe;
  WalkerTrack& w = it == index_.end() ? probe : walkers_[it->second];
  if (w.with_t >= 0 && w.with_t != static_cast<int>(m.has_t)) {
    ++counts_.bad;
    warn_(where + ": walker '" + name + "': " +
          (m.has_t ? "has \"t\" while its earlier frames had none" : "no \"t\" while its earlier frames had one") +
          "; message skipped");
    return true;
  }
  if (!first_arrival_) first_arrival_ = arrival;
  Frame f = m.frame;
  const Frame* last = w.traj.frames.empty() ? nullptr : &w.traj.frames.back();
  if (!m.has_t) {
    // Arrival time on the monotonic clock, from the first frame of the recording.
    f.t = std::chrono::duration<double>(arrival - *first_arrival_).count();
    if (last && f.t <= last->t) f.t = last->t + 1e-6;
  } else if (last && f.t <= last->t) {
    ++counts_.backwards;
    ++w.dropped_backwards;
    warn_(where + ": walker '" + name + "': t " + format_double(f.t) + " does not follow " + format_double(last->t) +
          "; frame dropped");
    return true;
  }
  WalkerTrack* track = &w;
  if (it == index_.end()) {
    index_[name] = walkers_.size();
    walkers_.push_back(WalkerTrack{name, {}, -1, 0});
    track = &walkers_.back();
  }
  track->with_t = m.has_t;
  track->traj.frames.push_back(f);
  ++counts_.frames;
  last_frame_ = arrival;
  journal(name, f);
  if (opt_.forward) opt_.forward(name, f);
  return true;
}

bool Recorder::message(std::string_view text, const std::string& default_walker, const std::string& where,
                       RecordClock::time_point arrival) {
  ++counts_.messages;
  std::vector<MessageFrame> frames;
  try {
    frames = parse_stream_message(text);
  } catch (const Error& e) {
    ++counts_.bad;
    warn_(where + ": " + e.what() + "; message skipped");
    return true;
  }
  bool ok = true;
  for (const auto& m : frames) ok = accept(m, default_walker, where, arrival) && ok;
  return ok;
}

void Recorder::skip(const std::string& where, const std::string& what) {
  ++counts_.messages;
  ++counts_.bad;
  warn_(where + ": " + what + "; message skipped");
}

double estimate_recorded_rate(const Trajectory& t) {
  if (t.frames.size() < 2) return 10;
  std::vector<double> dt;
  for (std::size_t i = 1; i < t.frames.size(); ++i) dt.push_back(t.frames[i].t - t.frames[i - 1].t);
  std::nth_element(dt.begin(), dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2), dt.end());
  double rate = 1.0 / dt[dt.size() / 2];
  double digits = 2 - std::floor(std::log10(rate));  // 3 significant digits
  double scale = std::pow(10.0, std::abs(digits));
  return digits >= 0 ? std::round(rate * scale) / scale : std::round(rate / scale) * scale;
}

void Recorder::finish() {
  for (auto& w : walkers_) w.traj.rate_hz = opt_.rate_hz ? *opt_.rate_hz : estimate_recorded_rate(w.traj);
}

void Recorder::remove_journal() {
  if (journal_fd_ >= 0) {
    ::close(journal_fd_);
    journal_fd_ = -1;
  }
  if (!opt_.journal.empty()) ::unlink(opt_.journal.c_str());
}

// ---------------------------------------------------------------- stdin

StopReason record_lines(int fd, const std::string& name, Recorder& rec, double duration, double until_idle,
                        const std::atomic<bool>* stop, const std::function<void(double)>& tick) {
  if (!(std::isfinite(duration) && duration >= 0)) fail_usage("--duration must be a finite number >= 0");
  if (!(std::isfinite(until_idle) && until_idle >= 0)) fail_usage("--until-idle must be a finite number >= 0");
  const auto start = RecordClock::now();
  std::string pending;
  bool discarding = false;  // inside an over-long line
  std::size_t line_no = 0;
  char buf[1 << 16];
  const std::string shown = display_name(name);
  auto handle = [&](std::string& line, RecordClock::time_point arrival) {
    ++line_no;
    if (trim(line).empty()) return;
    rec.message(line, "w1", shown + ":" + std::to_string(line_no), arrival);
  };
  auto since = [](RecordClock::time_point a) { return std::chrono::duration<double>(RecordClock::now() - a).count(); };
  StopReason why = StopReason::EndOfInput;
  for (;;) {
    if (stop && stop->load()) {
      why = StopReason::Signal;
      break;
    }
    double elapsed = since(start);
    if (duration > 0 && elapsed >= duration) {
      why = StopReason::Duration;
      break;
    }
    if (until_idle > 0 && rec.last_frame_time() && since(*rec.last_frame_time()) >= until_idle) {
      why = StopReason::Idle;
      break;
    }
    int timeout_ms = 200;  // wake up now and then to notice a stop request
    if (duration > 0) timeout_ms = std::min(timeout_ms, static_cast<int>(std::ceil((duration - elapsed) * 1000)));
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, std::max(1, timeout_ms));
    if (tick) tick(since(start));
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail_internal(std::string("poll on input failed: ") + std::strerror(errno));
    }
    if (ready == 0) continue;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      fail_input(name, std::string("read error: ") + std::strerror(errno));
    }
    if (n == 0) break;  // end of input
    auto arrival = RecordClock::now();
    std::size_t pos = 0, len = static_cast<std::size_t>(n);
    while (pos < len) {
      const char* nl = static_cast<const char*>(std::memchr(buf + pos, '\n', len - pos));
      std::size_t end = nl ? static_cast<std::size_t>(nl - buf) : len;
      if (!discarding) pending.append(buf + pos, end - pos);
      if (pending.size() > kMaxLine) {
        pending.clear();
        discarding = true;
      }
      if (!nl) break;
      if (discarding) {
        ++line_no;
        rec.skip(shown + ":" + std::to_string(line_no), "line longer than 1 MiB");
        discarding = false;
      } else {
        handle(pending, arrival);
        pending.clear();
      }
      pos = end + 1;
    }
  }
  if (!pending.empty() && !discarding) handle(pending, RecordClock::now());
  return why;
}

// ---------------------------------------------------------------- warnings

void WarnThrottle::operator()(const std::string& note) {
  ++seen_;
  auto now = RecordClock::now();
  if (seen_ <= 20 || now - last_ >= std::chrono::seconds(1)) {
    if (held_) out_("(" + std::to_string(held_) + " similar note(s) held back)");
    held_ = 0;
    last_ = now;
    out_(note);
  } else {
    ++held_;
  }
}

void WarnThrottle::flush() {
  if (held_) out_("(" + std::to_string(held_) + " similar note(s) held back)");
  held_ = 0;
}

// ---------------------------------------------------------------- outputs

namespace {

const std::string kWalkerField = "{walker}";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size()) s.replace(p, from.size(), to);
  return s;
}

Format format_for(const OutputPlan& out, const std::string& path) {
  if (out.format) return *out.format;
  if (path == "-") return Format::Json;
  return format_from_path(path);
}

// Several walkers in one file: CSV or NDJSON with a walker column, frames in
// time order (ties in walker order).
std::string walker_column_file(const std::vector<const WalkerTrack*>& ws, Format fmt, const std::string& source) {
  struct Row {
    double t;
    std::size_t w, i;
  };
  std::vector<Row> rows;
  for (std::size_t w = 0; w < ws.size(); ++w)
    for (std::size_t i = 0; i < ws[w]->traj.frames.size(); ++i) rows.push_back({ws[w]->traj.frames[i].t, w, i});
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.t < b.t; });
  std::string s;
  if (fmt == Format::Csv) {
    s += "# rate_hz: " + format_double(ws[0]->traj.rate_hz) + "\n";
    if (!source.empty()) s += "# source: " + source + "\n";
    s += "t,x,y,z,azimuth,walker\n";
    for (const auto& r : rows) {
      const Frame& f = ws[r.w]->traj.frames[r.i];
      s += format_double(f.t) + "," + format_double(f.x) + "," + format_double(f.y) + "," + format_double(f.z) + "," +
           format_double(f.azimuth) + "," + ws[r.w]->name + "\n";
    }
  } else {
    json walkers = json::array();
    for (const auto* w : ws) walkers.push_back({{"name", w->name}, {"rate_hz", w->traj.rate_hz}});
    json h = {{"format", "latentwalk.trajectory"}, {"version", 1}, {"rate_hz", ws[0]->traj.rate_hz}, {"walkers", walkers}};
    if (!source.empty()) h["source"] = source;
    s += h.dump() + "\n";
    for (const auto& r : rows) s += frame_json(&ws[r.w]->name, ws[r.w]->traj.frames[r.i]) + "\n";
  }
  return s;
}

}  // namespace

std::string default_journal_path(const OutputPlan& out) {
  if (out.path == "-") return "";
  return replace_all(out.path, kWalkerField, "all") + ".journal";
}

void check_output_plan(const OutputPlan& out) {
  if (out.format || out.path == "-") return;
  format_from_path(replace_all(out.path, kWalkerField, "w"));
}

std::vector<std::string> write_recording(const OutputPlan& out, const std::vector<WalkerTrack>& walkers,
                                         const std::string& source) {
  std::vector<const WalkerTrack*> ws;
  for (const auto& w : walkers)
    if (!w.traj.frames.empty()) ws.push_back(&w);
  std::vector<std::string> written;
  if (ws.empty()) return written;
  auto one = [&](const std::string& path, const WalkerTrack& w) {
    Trajectory t = w.traj;
    t.source = source + (ws.size() > 1 || path.find(kWalkerField) != std::string::npos ? ", walker " + w.name : "");
    write_trajectory(path, t, format_for(out, path));
    written.push_back(path);
  };
  if (out.path.find(kWalkerField) != std::string::npos) {
    for (const auto* w : ws) {
      std::string p = replace_all(out.path, kWalkerField, w->name);
      Trajectory t = w->traj;
      t.source = source + ", walker " + w->name;
      write_trajectory(p, t, format_for(out, p));
      written.push_back(p);
    }
    return written;
  }
  if (ws.size() == 1) {
    one(out.path, *ws[0]);
    return written;
  }
  Format fmt = format_for(out, out.path);
  if (fmt == Format::Json && out.path != "-") {
    // JSON holds one walk: OUT-stem.WALKER.json for each.
    auto dot = out.path.rfind('.');
    auto slash = out.path.rfind('/');
    bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    std::string stem = has_ext ? out.path.substr(0, dot) : out.path;
    std::string ext = has_ext ? out.path.substr(dot) : "";
    for (const auto* w : ws) one(stem + "." + w->name + ext, *w);
    return written;
  }
  if (fmt == Format::Json) fmt = Format::Ndjson;  // stdout: one stream with a walker column
  write_file_atomically(out.path, walker_column_file(ws, fmt, source));
  written.push_back(out.path);
  return written;
}

// ---------------------------------------------------------------- journals

Recovered read_journal(const std::string& path) {
  std::string text = read_file(path);
  Recovered r;
  std::map<std::string, std::size_t> index;
  std::size_t pos = 0, line_no = 0;
  bool header = false;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    bool last = nl == std::string::npos || nl + 1 >= text.size();
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    bool complete = nl != std::string::npos;
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line_no;
    if (trim(line).empty()) continue;
    json j;
    try {
      j = json::parse(line);
    } catch (const json::exception& e) {
      if (last && !complete && header) {  // the frame being written when the recording died
        r.torn_tail = true;
        break;
      }
      fail_input(path, line_no, header ? "damaged journal line (" + describe_json_error(e) + ")"
                                       : "not a journal of lw-walk record (" + describe_json_error(e) + ")");
    }
    if (!header) {
      if (!j.is_object() || j.value("format", std::string()) != kJournalFormat)
        fail_input(path, line_no, std::string("not a journal of lw-walk record (expected a first line with \"format\":\"") +
                                      kJournalFormat + "\")");
      if (j.contains("rate_hz") && j["rate_hz"].is_number()) r.rate_hz = j["rate_hz"].get<double>();
      header = true;
      continue;
    }
    MessageFrame m;
    try {
      if (!frame_of(j, m) || m.walker.empty() || !m.has_t) bad("expected {walker, t, x, y, z, azimuth}");
    } catch (const Error& e) {
      if (last && !complete) {
        r.torn_tail = true;
        break;
      }
      fail_input(path, line_no, std::string("damaged journal line: ") + e.what());
    } catch (const json::exception& e) {
      fail_input(path, line_no, "damaged journal line (" + describe_json_error(e) + ")");
    }
    if (!complete) r.torn_tail = false;  // parsed although unterminated: keep it
    auto it = index.find(m.walker);
    if (it == index.end()) {
      it = index.emplace(m.walker, r.walkers.size()).first;
      r.walkers.push_back(WalkerTrack{m.walker, {}, 1, 0});
    }
    auto& fr = r.walkers[it->second].traj.frames;
    if (!fr.empty() && m.frame.t <= fr.back().t)
      fail_input(path, line_no, "walker '" + m.walker + "': t " + format_double(m.frame.t) + " does not follow " +
                                    format_double(fr.back().t) + " (not written by lw-walk record?)");
    fr.push_back(m.frame);
    ++r.lines;
  }
  if (!header) fail_input(path, "is empty; expected a journal of lw-walk record");
  for (auto& w : r.walkers) w.traj.rate_hz = r.rate_hz ? *r.rate_hz : estimate_recorded_rate(w.traj);
  return r;
}

// ---------------------------------------------------------------- several walkers

namespace {

std::string stem_of(const std::string& path) {
  auto slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  auto dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base = base.substr(0, dot);
  return base.empty() ? path : base;
}

}  // namespace

std::vector<WalkerTrack> read_walkers(const std::string& path, const ReadOptions& options) {
  auto single = [&] {
    std::vector<WalkerTrack> out;
    out.push_back(WalkerTrack{path == "-" ? "stdin" : stem_of(path), read_trajectory(path, options), -1, 0});
    return out;
  };
  if (path == "-") return single();
  auto fmt = format_from_extension(path);
  if (fmt == Format::Json) return single();
  // Look at the start of the file for a walker column.
  std::string text = read_file(path);
  std::string_view body = text;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::vector<std::string_view> lines;
  for (std::size_t pos = 0; pos < body.size();) {
    auto nl = body.find('\n', pos);
    lines.push_back(body.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
    pos = nl == std::string_view::npos ? body.size() : nl + 1;
  }
  std::size_t first = 0;
  while (first < lines.size() && (trim(lines[first]).empty() || trim(lines[first])[0] == '#')) ++first;
  if (first == lines.size()) return single();
  std::string_view head = trim(lines[first]);
  std::vector<WalkerTrack> out;
  std::map<std::string, std::size_t> index;
  std::optional<double> rate = options.rate_hz, header_rate;
  std::map<std::string, double> rates;
  auto add = [&](const std::string& name, const Frame& f, std::size_t line_no) {
    auto it = index.find(name);
    if (it == index.end()) {
      it = index.emplace(name, out.size()).first;
      out.push_back(WalkerTrack{name, {}, 1, 0});
    }
    auto& fr = out[it->second].traj.frames;
    if (!fr.empty() && f.t <= fr.back().t)
      fail_input(path, line_no, "walker '" + name + "': time " + format_double(f.t) + " does not follow " +
                                    format_double(fr.back().t));
    fr.push_back(f);
  };
  if (head[0] == '{') {
    // NDJSON: a walker column when a frame line carries "walker" or "id".
    bool has_walker = false;
    for (std::size_t i = first; i < lines.size() && i < first + 3; ++i) {
      try {
        json j = json::parse(lines[i]);
        if (j.is_object() && !j.contains("format")) {
          has_walker = j.contains("walker") || j.contains("id");
          break;
        }
        if (j.is_object() && j.contains("rate_hz") && j["rate_hz"].is_number()) header_rate = j["rate_hz"].get<double>();
        if (j.is_object() && j.contains("walkers") && j["walkers"].is_array())
          for (const auto& w : j["walkers"])
            if (w.is_object() && w.contains("name") && w["name"].is_string() && w.contains("rate_hz") && w["rate_hz"].is_number())
              rates[w["name"].get<std::string>()] = w["rate_hz"].get<double>();
      } catch (const json::exception&) {
        break;
      }
    }
    if (!has_walker) return single();
    for (std::size_t i = first; i < lines.size(); ++i) {
      if (trim(lines[i]).empty()) continue;
      std::vector<MessageFrame> fs;
      try {
        fs = parse_stream_message(lines[i]);
      } catch (const Error& e) {
        fail_input(path, i + 1, e.what());
      }
      for (const auto& m : fs) {
        if (m.walker.empty()) fail_input(path, i + 1, "no \"walker\" while other lines have one");
        if (!m.has_t) fail_input(path, i + 1, "no \"t\"");
        add(m.walker, m.frame, i + 1);
      }
    }
  } else {
    // CSV: a walker column in the header.
    auto cols = split(head, ',');
    int col[6] = {-1, -1, -1, -1, -1, -1};
    const char* names[] = {"t", "x", "y", "z", "azimuth", "walker"};
    for (std::size_t i = 0; i < cols.size(); ++i) {
      std::string h(cols[i]);
      std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (h == "phi") h = "azimuth";
      if (h == "id") h = "walker";
      for (int k = 0; k < 6; ++k)
        if (h == names[k]) col[k] = static_cast<int>(i);
    }
    if (col[5] < 0) return single();
    for (int k = 0; k < 5; ++k)
      if (col[k] < 0) fail_input(path, first + 1, std::string("missing column ") + names[k] + " (expected t,x,y,z,azimuth,walker)");
    for (std::size_t i = 0; i < first; ++i) {
      auto l = trim(lines[i]);
      double r;
      if (l.rfind("# rate_hz:", 0) == 0 && parse_double(trim(l.substr(10)), r) && std::isfinite(r) && r > 0) header_rate = r;
    }
    for (std::size_t i = first + 1; i < lines.size(); ++i) {
      auto l = trim(lines[i]);
      if (l.empty() || l[0] == '#') continue;
      auto cells = split(l, ',');
      if (cells.size() != cols.size())
        fail_input(path, i + 1, std::to_string(cells.size()) + " values, expected " + std::to_string(cols.size()));
      Frame f;
      double* dst[5] = {&f.t, &f.x, &f.y, &f.z, &f.azimuth};
      for (int k = 0; k < 5; ++k) {
        auto cell = cells[static_cast<std::size_t>(col[k])];
        if (!parse_double(cell, *dst[k]) || !std::isfinite(*dst[k]))
          fail_input(path, i + 1, std::string(names[k]) + " '" + std::string(cell.substr(0, 40)) + "' is not a finite number");
      }
      std::string w(cells[static_cast<std::size_t>(col[5])]);
      if (!valid_walker_name(w)) fail_input(path, i + 1, "walker '" + w.substr(0, 40) + "' is not a usable walker name");
      add(w, f, i + 1);
    }
  }
  if (out.empty()) fail_input(path, "has no frames");
  for (auto& w : out) {
    auto it = rates.find(w.name);
    w.traj.rate_hz = rate ? *rate : it != rates.end() ? it->second : header_rate ? *header_rate : estimate_recorded_rate(w.traj);
  }
  return out;
}

}  // namespace lw::walk
