#include "walk/input_buffer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace lw::walk::detail {

namespace {
constexpr std::size_t kChunk = 1 << 16;
bool is_json_punct(char c) {
  return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':';
}
}  // namespace

InputBuffer::InputBuffer(const std::string& path) : path_(path), buf_(kChunk) {
  if (path == "-") {
    fd_ = 0;
  } else {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) fail_input(path, "no such file");
    if (std::filesystem::is_directory(path, ec)) fail_input(path, "is a directory, expected a file");
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) fail_input(path, std::string("cannot open: ") + std::strerror(errno));
    own_fd_ = true;
    note_input(path);  // never replaced by an output of this run
  }
  uncaught_ = std::uncaught_exceptions();
  setg(buf_.data(), buf_.data(), buf_.data());
  count_pos_ = buf_.data();
}

InputBuffer::~InputBuffer() {
  if (std::uncaught_exceptions() > uncaught_ && gptr()) {
    // The line just read when its newline was consumed already.
    const bool after_newline = gptr() > eback() && gptr()[-1] == '\n';
    note_failure_context(display_name(path_) + ":" + std::to_string(line() - (after_newline ? 1 : 0)));
  }
  if (own_fd_) ::close(fd_);
}

std::string_view InputBuffer::prefix() {
  if (gptr() == egptr() && gptr() == eback()) underflow();
  return std::string_view(eback(), static_cast<std::size_t>(egptr() - eback()));
}

std::size_t InputBuffer::line() {
  const char* g = gptr();
  if (g < count_pos_) {  // cannot happen with forward reading, but stay correct
    count_pos_ = eback();
    count_lines_ = 0;
  }
  count_lines_ += static_cast<std::size_t>(std::count(count_pos_, g, '\n'));
  count_pos_ = g;
  return lines_before_ + count_lines_ + 1;
}

InputBuffer::int_type InputBuffer::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (stopped_) return traits_type::eof();
  lines_before_ += count_lines_ + static_cast<std::size_t>(std::count(count_pos_, static_cast<const char*>(egptr()), '\n'));
  count_lines_ = 0;
  ssize_t n;
  do {
    n = ::read(fd_, buf_.data(), buf_.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) fail_input(path_, std::string("read error: ") + std::strerror(errno));
  std::size_t len = static_cast<std::size_t>(n);
  // Guards: NUL bytes and over-long tokens end the input here.
  for (std::size_t i = 0; i < len; ++i) {
    char c = buf_[i];
    bool stop = false;
    if (c == '\0') {
      stop_reason_ = "contains binary data (a NUL byte); expected text";
      stop = true;
    } else if (max_token_) {
      if (is_json_punct(c)) {
        run_ = 0;
      } else if (++run_ > max_token_) {
        stop_reason_ = "a JSON token longer than " + std::to_string(max_token_) + " bytes; not a trajectory";
        stop = true;
      }
    }
    if (stop) {
      stop_line_ = lines_before_ + static_cast<std::size_t>(std::count(buf_.data(), buf_.data() + i, '\n')) + 1;
      stopped_ = true;
      len = i;
      break;
    }
  }
  setg(buf_.data(), buf_.data(), buf_.data() + len);
  count_pos_ = buf_.data();
  if (len == 0) return traits_type::eof();
  return traits_type::to_int_type(*gptr());
}

bool InputBuffer::getline(std::string& out, std::size_t max_line) {
  out.clear();
  if (gptr() == egptr() && underflow() == traits_type::eof()) {
    if (!stop_reason_.empty()) fail_input(path_, stop_line_, stop_reason_);
    return false;
  }
  for (;;) {
    const char* g = gptr();
    const char* e = egptr();
    const char* nl = static_cast<const char*>(std::memchr(g, '\n', static_cast<std::size_t>(e - g)));
    const char* end = nl ? nl : e;
    out.append(g, end);
    if (out.size() > max_line)
      fail_input(path_, line(), "line longer than " + std::to_string(max_line) + " bytes; expected short text lines");
    if (nl) {
      setg(eback(), const_cast<char*>(nl + 1), egptr());
      break;
    }
    setg(eback(), const_cast<char*>(e), egptr());
    if (underflow() == traits_type::eof()) {
      if (!stop_reason_.empty()) fail_input(path_, stop_line_, stop_reason_);
      break;
    }
  }
  if (!out.empty() && out.back() == '\r') out.pop_back();
  return true;
}

}  // namespace lw::walk::detail
