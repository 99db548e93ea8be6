// A buffered reader over a file or stdin that guards against garbage: it
// stops at a NUL byte (binary data) and, for JSON, at a run of more than
// max_token bytes without JSON punctuation, so memory stays bounded however
// large the input. It also tracks line numbers for messages and lets callers
// peek at the first bytes (to sniff the format) before reading.
#pragma once
#include <cstddef>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace lw::walk::detail {

class InputBuffer : public std::streambuf {
 public:
  explicit InputBuffer(const std::string& path);  // "-" = stdin
  ~InputBuffer() override;
  InputBuffer(const InputBuffer&) = delete;
  InputBuffer& operator=(const InputBuffer&) = delete;

  // The first bytes of the input (one buffer), without consuming them.
  std::string_view prefix();
  // 1-based line of the next byte to be read.
  std::size_t line();
  // Next line without its terminator; false at end. Fails (Exit::BadInput)
  // on a line longer than max_line bytes or on binary data.
  bool getline(std::string& out, std::size_t max_line);
  // JSON mode: stop at a run of more than n bytes without {}[],: .
  void set_max_token(std::size_t n) { max_token_ = n; }
  // Why input stopped early ("" when it did not), and where.
  const std::string& stop_reason() const { return stop_reason_; }
  std::size_t stop_line() const { return stop_line_; }
  const std::string& path() const { return path_; }

 protected:
  int_type underflow() override;

 private:
  std::string path_;
  int fd_ = -1;
  bool own_fd_ = false;
  std::vector<char> buf_;
  std::size_t lines_before_ = 0;  // newlines in chunks already left behind
  const char* count_pos_ = nullptr;
  std::size_t count_lines_ = 0;   // newlines in [eback, count_pos_)
  std::size_t max_token_ = 0;
  std::size_t run_ = 0;
  bool stopped_ = false;
  std::string stop_reason_;
  std::size_t stop_line_ = 0;
  int uncaught_ = 0;  // unwound by an exception: the line goes into the message (core/error.hpp)
};

}  // namespace lw::walk::detail
