#include "walk/record.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>

#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "walk/trajectory_io.hpp"

namespace lw::walk {

namespace {
constexpr std::size_t kMaxLine = 1u << 20;
using Clock = std::chrono::steady_clock;
}  // namespace

RecordResult record_stream(int fd, const std::string& name, const RecordOptions& o, const std::atomic<bool>* stop,
                           const std::function<void(const std::string&)>& warn) {
  if (o.rate_hz && !(std::isfinite(*o.rate_hz) && *o.rate_hz > 0)) fail_usage("--rate must be a finite number > 0");
  if (!(std::isfinite(o.duration) && o.duration >= 0)) fail_usage("--duration must be a finite number >= 0");
  RecordResult r;
  const auto start = Clock::now();
  std::optional<Clock::time_point> first_arrival;
  std::string pending;
  bool discarding = false;  // inside an over-long line
  std::size_t line_no = 0;
  int with_t = -1;
  char buf[1 << 16];
  auto skip = [&](const std::string& what) {
    ++r.skipped;
    warn(display_name(name) + ":" + std::to_string(line_no) + ": " + what + "; message skipped");
  };
  auto handle = [&](std::string line, Clock::time_point arrival) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) return;
    ++r.lines;
    Frame f;
    bool has_t = false;
    try {
      if (!parse_ndjson_message(line, name, line_no, f, has_t)) return;  // a header line
    } catch (const Error& e) {
      ++r.skipped;
      warn(std::string(e.what()) + "; message skipped");
      return;
    }
    if (with_t < 0) with_t = has_t;
    if (!has_t) {
      if (with_t) return skip("no \"t\" while earlier messages had one");
      if (!first_arrival) first_arrival = arrival;
      f.t = std::chrono::duration<double>(arrival - *first_arrival).count();
      if (!r.traj.frames.empty() && f.t <= r.traj.frames.back().t) f.t = r.traj.frames.back().t + 1e-6;
    } else if (!with_t) {
      return skip("has \"t\" while earlier messages had none");
    }
    if (!r.traj.frames.empty() && f.t <= r.traj.frames.back().t)
      return skip("time " + format_double(f.t) + " does not follow " + format_double(r.traj.frames.back().t));
    r.traj.frames.push_back(f);
  };
  for (;;) {
    if (stop && stop->load()) {
      r.stopped = true;
      break;
    }
    int timeout_ms = -1;
    if (o.duration > 0) {
      double left = o.duration - std::chrono::duration<double>(Clock::now() - start).count();
      if (left <= 0) {
        r.timed_out = true;
        break;
      }
      timeout_ms = static_cast<int>(std::ceil(left * 1000));
    }
    // Wake up now and then to notice a stop request even without input.
    timeout_ms = timeout_ms < 0 ? 200 : std::min(timeout_ms, 200);
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, timeout_ms);
    if (o.tick) o.tick(std::chrono::duration<double>(Clock::now() - start).count(), r.traj.frames.size());
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
    auto arrival = Clock::now();
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
        ++r.lines;
        ++r.skipped;
        warn(display_name(name) + ":" + std::to_string(line_no) + ": line longer than 1 MiB; message skipped");
        discarding = false;
      } else {
        handle(std::move(pending), arrival);
        pending.clear();
      }
      pos = end + 1;
    }
  }
  if (!pending.empty() && !discarding) handle(std::move(pending), Clock::now());
  if (o.rate_hz) {
    r.traj.rate_hz = *o.rate_hz;
  } else if (r.traj.frames.size() >= 2) {
    // Nominal rate: 1 / median period, to 3 significant digits.
    std::vector<double> dt;
    for (std::size_t i = 1; i < r.traj.frames.size(); ++i) dt.push_back(r.traj.frames[i].t - r.traj.frames[i - 1].t);
    std::nth_element(dt.begin(), dt.begin() + static_cast<std::ptrdiff_t>(dt.size() / 2), dt.end());
    double rate = 1.0 / dt[dt.size() / 2];
    double mag = std::pow(10.0, std::floor(std::log10(rate)) - 2);
    r.traj.rate_hz = std::round(rate / mag) * mag;
  }
  return r;
}

}  // namespace lw::walk
