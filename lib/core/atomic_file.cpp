#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace lw {
namespace {

// Temporary files still open, removed by a signal handler on SIGINT/SIGTERM so
// that an interrupted run leaves nothing behind. Fixed storage: the handler
// may only call async-signal-safe functions.
constexpr int kMaxTemps = 16;
constexpr int kMaxPath = 4096;
std::array<std::array<char, kMaxPath>, kMaxTemps> g_temps{};
std::array<std::atomic<bool>, kMaxTemps> g_used{};
std::mutex g_mutex;

extern "C" void remove_temps_and_reraise(int sig) {
  for (int i = 0; i < kMaxTemps; ++i)
    if (g_used[i].load()) ::unlink(g_temps[i].data());
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_handlers_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::signal(SIGINT, remove_temps_and_reraise);
    std::signal(SIGTERM, remove_temps_and_reraise);
    std::signal(SIGHUP, remove_temps_and_reraise);
  });
}

void register_temp(const std::string& path) {
  install_handlers_once();
  std::lock_guard<std::mutex> lock(g_mutex);
  if (path.size() >= kMaxPath) return;
  for (int i = 0; i < kMaxTemps; ++i) {
    if (!g_used[i].load()) {
      std::memcpy(g_temps[i].data(), path.c_str(), path.size() + 1);
      g_used[i].store(true);
      return;
    }
  }
}

void unregister_temp(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_mutex);
  for (int i = 0; i < kMaxTemps; ++i)
    if (g_used[i].load() && path == g_temps[i].data()) g_used[i].store(false);
}

}  // namespace

AtomicOutput::AtomicOutput(std::string target) : target_(std::move(target)) {
  if (target_.empty()) fail_usage("output path is empty");
  fs::path dir;
  std::string base = "stdout";
  if (!to_stdout()) {
    fs::path t(target_);
    if (fs::is_directory(t)) fail_usage("output '" + target_ + "' is a directory");
    dir = t.parent_path();
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir))
      fail_usage("cannot write '" + target_ + "': directory '" + dir.string() + "' does not exist");
    base = t.filename().string();
  } else {
    dir = fs::temp_directory_path();
  }
  std::string pattern = (dir / ("." + base + ".tmp-XXXXXX")).string();
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());
  if (fd < 0)
    fail_usage("cannot create a temporary file in '" + dir.string() + "': " + std::strerror(errno));
  // mkstemp makes 0600; give the final file the usual permissions.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  temp_.assign(buf.data());
  register_temp(temp_);
}

AtomicOutput::~AtomicOutput() {
  if (!committed_) {
    if (out_.is_open()) out_.close();
    ::unlink(temp_.c_str());
    unregister_temp(temp_);
  }
}

std::ostream& AtomicOutput::stream() {
  if (!out_.is_open()) {
    out_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!out_) fail_internal("cannot open temporary file '" + temp_ + "'");
  }
  return out_;
}

void AtomicOutput::commit() {
  if (committed_) return;
  if (out_.is_open()) {
    out_.flush();
    if (!out_) fail_internal("writing '" + target_ + "' failed (disk full?)");
    out_.close();
  }
  if (to_stdout()) {
    std::ifstream in(temp_, std::ios::binary);
    std::cout << in.rdbuf();
    std::cout.flush();
    ::unlink(temp_.c_str());
    if (!std::cout) fail_internal("writing to stdout failed");
  } else if (std::rename(temp_.c_str(), target_.c_str()) != 0) {
    std::string err = std::strerror(errno);
    ::unlink(temp_.c_str());
    unregister_temp(temp_);
    fail_internal("cannot move output into place at '" + target_ + "': " + err);
  }
  unregister_temp(temp_);
  committed_ = true;
}

namespace {
void refuse_input_as_output(const std::vector<std::string>& inputs, const std::string& output,
                            const std::string& hint) {
  if (output == "-") return;
  std::error_code ec;
  if (!fs::exists(output, ec)) return;
  for (const auto& in : inputs) {
    if (in == "-") continue;
    if (fs::exists(in, ec) && fs::equivalent(in, output, ec))
      fail_usage("output '" + output + "' is the input file '" + in + "'; refusing to overwrite it" + hint);
  }
}
}  // namespace

void guard_overwrite(const std::vector<std::string>& inputs, const std::string& output) {
  refuse_input_as_output(inputs, output, "");
}

void guard_overwrite(const std::vector<std::string>& inputs, const std::string& output, bool in_place) {
  if (!in_place) refuse_input_as_output(inputs, output, " (use --in-place if you mean it)");
}

void write_file_atomically(const std::string& target, const std::string& data) {
  AtomicOutput out(target);
  out.stream().write(data.data(), static_cast<std::streamsize>(data.size()));
  out.commit();
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
  std::istream* in = &std::cin;
  std::ifstream file;
  if (path != "-") {
    std::error_code ec;
    if (!fs::exists(path, ec)) fail_input(path, "no such file");
    if (fs::is_directory(path, ec)) fail_input(path, "is a directory, expected a file");
    file.open(path, std::ios::binary);
    if (!file) fail_input(path, std::string("cannot open: ") + std::strerror(errno));
    in = &file;
  }
  std::string data;
  char buf[1 << 16];
  while (in->read(buf, sizeof buf) || in->gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in->gcount()));
    if (data.size() > max_bytes)
      fail_input(path, "larger than " + std::to_string(max_bytes >> 20) + " MiB; not a file this tool reads");
  }
  return data;
}

}  // namespace lw
