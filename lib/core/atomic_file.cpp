#include "core/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <streambuf>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace lw {
namespace {

[[noreturn]] void fail_write(const std::string& name, int err) {
  throw Error(Exit::BadInput, "cannot write '" + name + "': " + std::strerror(err));
}

// ---------------------------------------------------------------- temp files
// Temporary files still open, removed by a signal handler so that an
// interrupted run leaves nothing behind. Fixed storage: the handler may only
// call async-signal-safe functions.
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
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) {
      struct sigaction old {};
      if (::sigaction(sig, nullptr, &old) != 0) continue;
      // A signal the caller ignores (nohup, trap '' TERM) stays ignored, and
      // a handler the tool installed itself is kept.
      if (old.sa_handler != SIG_DFL || (old.sa_flags & SA_SIGINFO)) continue;
      struct sigaction sa {};
      sa.sa_handler = remove_temps_and_reraise;
      sigemptyset(&sa.sa_mask);
      ::sigaction(sig, &sa, nullptr);
    }
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

std::string tool_name() {
  std::string name = program_invocation_short_name ? program_invocation_short_name : "lw";
  std::string out;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') out.push_back(c);
  return out.empty() ? "lw" : out.substr(0, 40);
}

// Removes ".BASE.partial-by-TOOL-pidN.tmp-XXXXXX" files in `dir` whose writer
// (process N) is gone: ours, regular, owned by this user, never followed.
void remove_stale_temps(const std::string& dir, const std::string& base) {
  const std::string prefix = "." + base + ".partial-by-";
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (const dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    const auto pid_at = name.rfind("-pid");
    const auto tmp_at = name.rfind(".tmp-");
    if (pid_at == std::string::npos || tmp_at == std::string::npos || tmp_at <= pid_at + 4) continue;
    const std::string digits = name.substr(pid_at + 4, tmp_at - pid_at - 4);
    if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const pid_t pid = static_cast<pid_t>(std::atol(digits.c_str()));
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive (or not ours to judge)
    const std::string path = dir + "/" + name;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    ::unlink(path.c_str());
  }
  ::closedir(d);
}

// ---------------------------------------------------------------- inputs
struct NotedInput {
  std::string path;
  dev_t dev;
  ino_t ino;
};
std::mutex g_inputs_mutex;
std::vector<NotedInput> g_inputs;
std::vector<std::pair<dev_t, ino_t>> g_in_place;

bool same_file(const struct stat& st, dev_t dev, ino_t ino) { return st.st_dev == dev && st.st_ino == ino; }

// Throws when `path` exists and is a noted input not allowed in place.
void refuse_noted_input(const std::string& shown, const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  for (const auto& a : g_in_place)
    if (same_file(st, a.first, a.second)) return;
  for (const auto& in : g_inputs)
    if (same_file(st, in.dev, in.ino))
      fail_usage("output '" + shown + "' is the input file '" + in.path + "'; refusing to overwrite it");
}

// /dev/stdout, /dev/fd/N, /proc/self/fd/N (and "-"): the descriptor, else -1.
int descriptor_alias(const std::string& t) {
  if (t == "-" || t == "/dev/stdout") return 1;
  if (t == "/dev/stderr") return 2;
  for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
    const std::string p = prefix;
    if (t.compare(0, p.size(), p) == 0 && t.size() > p.size() && t.size() - p.size() <= 6 &&
        t.find_first_not_of("0123456789", p.size()) == std::string::npos)
      return std::atoi(t.c_str() + p.size());
  }
  return -1;
}

// Follows symbolic links (also dangling ones) to the path that is written.
std::string resolve_links(const std::string& target) {
  fs::path p(target);
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return p.string();
    std::error_code ec;
    fs::path link = fs::read_symlink(p, ec);
    if (ec) fail_usage("cannot read the symbolic link '" + p.string() + "': " + ec.message());
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
  fail_usage("output '" + target + "': too many levels of symbolic links");
}

}  // namespace

// A streambuf over a descriptor that remembers the first write error.
class AtomicOutput::FdBuf : public std::streambuf {
 public:
  explicit FdBuf(int fd) : fd_(fd), buf_(1 << 16) { setp(buf_.data(), buf_.data() + buf_.size()); }
  int error() const { return err_; }
  int fd() const { return fd_; }
  bool drain() {
    const char* p = pbase();
    std::size_t n = static_cast<std::size_t>(pptr() - pbase());
    while (n > 0 && err_ == 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w < 0) {
        if (errno == EINTR) continue;
        err_ = errno;
      } else if (w == 0) {
        err_ = EIO;
      } else {
        p += w;
        n -= static_cast<std::size_t>(w);
      }
    }
    setp(buf_.data(), buf_.data() + buf_.size());
    return err_ == 0;
  }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    if (n >= static_cast<std::streamsize>(buf_.size())) {
      if (!drain()) return 0;
      std::size_t left = static_cast<std::size_t>(n);
      while (left > 0) {
        ssize_t w = ::write(fd_, s, left);
        if (w < 0) {
          if (errno == EINTR) continue;
          err_ = errno;
          return n - static_cast<std::streamsize>(left);
        }
        if (w == 0) { err_ = EIO; return n - static_cast<std::streamsize>(left); }
        s += w;
        left -= static_cast<std::size_t>(w);
      }
      return n;
    }
    return std::streambuf::xsputn(s, n);
  }

 private:
  int fd_;
  std::vector<char> buf_;
  int err_ = 0;
};

AtomicOutput::AtomicOutput(std::string target) : target_(std::move(target)) {
  if (target_.empty()) fail_usage("output path is empty");
  fd_target_ = descriptor_alias(target_);
  std::string dir, base;
  if (fd_target_ >= 0) {
    if (::fcntl(fd_target_, F_GETFL) < 0)
      fail_usage("output '" + target_ + "': descriptor " + std::to_string(fd_target_) + " is not open");
    dir = fs::temp_directory_path().string();
    base = fd_target_ == 1 ? "stdout" : "fd" + std::to_string(fd_target_);
  } else {
    final_ = resolve_links(target_);
    struct stat st {};
    if (::stat(final_.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode)) fail_usage("output '" + target_ + "' is a directory");
      if (S_ISBLK(st.st_mode)) fail_usage("output '" + target_ + "' is a block device; refusing to write to it");
      if (S_ISSOCK(st.st_mode)) fail_usage("output '" + target_ + "' is a socket; cannot write to it");
      device_ = !S_ISREG(st.st_mode);  // character device or FIFO: written, never replaced
    }
    fs::path f(final_);
    base = f.filename().string();
    if (device_) {
      dir = fs::temp_directory_path().string();
    } else {
      dir = f.parent_path().string();
      if (dir.empty()) dir = ".";
      std::error_code ec;
      if (!fs::is_directory(dir, ec))
        fail_usage("cannot write '" + target_ + "': directory '" + dir + "' does not exist");
      refuse_noted_input(target_, final_);
      remove_stale_temps(dir, base);
    }
  }
  if (base.size() > 120) base = base.substr(0, 120);
  std::string pattern =
      dir + "/." + base + ".partial-by-" + tool_name() + "-pid" + std::to_string(::getpid()) + ".tmp-XXXXXX";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  int fd = ::mkstemp(buf.data());
  if (fd < 0)
    fail_usage("cannot create a temporary file in '" + dir + "' for '" + target_ + "': " + std::strerror(errno));
  temp_.assign(buf.data());
  register_temp(temp_);
  // mkstemp makes 0600: give the file the target's permissions, or the usual ones.
  struct stat st {};
  mode_t mode;
  if (!device_ && fd_target_ < 0 && ::stat(final_.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  ::fchmod(fd, mode);
  buf_ = std::make_unique<FdBuf>(fd);
}

AtomicOutput::~AtomicOutput() {
  if (buf_) ::close(buf_->fd());
  if (!committed_ && !temp_.empty()) {
    ::unlink(temp_.c_str());
    unregister_temp(temp_);
  }
}

std::ostream& AtomicOutput::stream() {
  if (!stream_) stream_ = std::make_unique<std::ostream>(buf_.get());
  return *stream_;
}

void AtomicOutput::commit() {
  if (committed_) return;
  if (stream_) stream_->flush();
  if (buf_) {
    buf_->drain();
    const int err = buf_->error();
    const int fd = buf_->fd();
    buf_.reset();
    const int rc = ::close(fd);
    if (err) fail_write(target_, err);
    if (rc != 0) fail_write(target_, errno);
  }
  if (fd_target_ >= 0 || device_) {
    int out = fd_target_;
    if (device_) {
      out = ::open(final_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
      if (out < 0) fail_write(target_, errno);
    } else {
      // Anything the tool already printed goes first.
      std::cout.flush();
      std::fflush(stdout);
    }
    const int in = ::open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
      if (device_) ::close(out);
      fail_internal("cannot reopen the temporary file '" + temp_ + "': " + std::strerror(errno));
    }
    std::vector<char> chunk(1 << 16);
    int err = 0;
    for (;;) {
      ssize_t n = ::read(in, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) { err = errno; break; }
      if (n == 0) break;
      try {
        write_all_fd(out, chunk.data(), static_cast<std::size_t>(n), target_);
      } catch (...) {
        ::close(in);
        if (device_) ::close(out);
        throw;
      }
    }
    ::close(in);
    if (device_ && ::close(out) != 0 && !err) err = errno;
    if (err) fail_write(target_, err);
    ::unlink(temp_.c_str());
  } else {
    refuse_noted_input(target_, final_);  // an input read after the output was opened
    if (std::rename(temp_.c_str(), final_.c_str()) != 0)
      fail_usage("cannot move the output into place at '" + target_ + "': " + std::strerror(errno));
  }
  unregister_temp(temp_);
  committed_ = true;
}

void write_all_fd(int fd, const char* data, std::size_t size, const std::string& name) {
  while (size > 0) {
    ssize_t w = ::write(fd, data, size);
    if (w < 0) {
      if (errno == EINTR) continue;
      fail_write(name == "-" ? std::string("<stdout>") : name, errno);
    }
    if (w == 0) fail_write(name, EIO);
    data += w;
    size -= static_cast<std::size_t>(w);
  }
}

void note_input(const std::string& path) {
  if (path == "-") return;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  for (const auto& in : g_inputs)
    if (same_file(st, in.dev, in.ino)) return;
  g_inputs.push_back({path, st.st_dev, st.st_ino});
}

std::vector<std::string> inputs_read() {
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  std::vector<std::string> out;
  for (const auto& in : g_inputs) out.push_back(in.path);
  return out;
}

namespace {
void refuse_input_as_output(const std::vector<std::string>& inputs, const std::string& output,
                            const std::string& hint) {
  if (descriptor_alias(output) >= 0) return;
  std::error_code ec;
  if (!fs::exists(output, ec)) return;
  for (const auto& in : inputs) {
    if (in == "-" || in.empty()) continue;
    if (fs::exists(in, ec) && fs::equivalent(in, output, ec) && fs::is_regular_file(output, ec))
      fail_usage("output '" + output + "' is the input file '" + in + "'; refusing to overwrite it" + hint);
  }
}
}  // namespace

void guard_overwrite(const std::vector<std::string>& inputs, const std::string& output) {
  refuse_input_as_output(inputs, output, "");
}

void guard_overwrite(const std::vector<std::string>& inputs, const std::string& output, bool in_place) {
  if (!in_place) {
    refuse_input_as_output(inputs, output, " (use --in-place if you mean it)");
    return;
  }
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  for (const auto& in : inputs) {
    struct stat st {};
    if (in != "-" && ::stat(in.c_str(), &st) == 0) g_in_place.emplace_back(st.st_dev, st.st_ino);
  }
}

void allow_update(const std::string& path) {
  struct stat st {};
  if (path == "-" || ::stat(path.c_str(), &st) != 0) return;
  std::lock_guard<std::mutex> lock(g_inputs_mutex);
  g_in_place.emplace_back(st.st_dev, st.st_ino);
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
    note_input(path);
    in = &file;
  }
  std::string data;
  char buf[1 << 16];
  while (in->read(buf, sizeof buf) || in->gcount() > 0) {
    data.append(buf, static_cast<std::size_t>(in->gcount()));
    if (data.size() > max_bytes)
      fail_input(path, "larger than " + std::to_string(max_bytes >> 20) + " MiB; not a file this tool reads");
  }
  if (in->bad()) fail_input(path, "read error");
  return data;
}

}  // namespace lw
