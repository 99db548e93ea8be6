// Reads text line by line with bounded memory: a line longer than max_line
// bytes or a NUL byte fails at once, so a huge file of garbage is rejected
// after reading at most max_line bytes instead of being loaded.
#pragma once
#include <cstddef>
#include <fstream>
#include <istream>
#include <memory>
#include <string>

namespace lw {

class LineReader {
 public:
  // path "-" reads stdin.
  explicit LineReader(const std::string& path, std::size_t max_line = 1u << 20);
  // Unwound by an exception: records "path:line" for the error message.
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  // Next line without its terminator ("\n" or "\r\n"); false at end of input.
  bool next(std::string& line);
  // 1-based number of the line last returned.
  std::size_t line_number() const { return line_no_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::size_t max_line_;
  std::size_t line_no_ = 0;
  std::ifstream file_;
  std::istream* in_;
  int uncaught_;
};

}  // namespace lw
