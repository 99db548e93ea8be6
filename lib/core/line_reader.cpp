#include "core/line_reader.hpp"

#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace lw {

LineReader::LineReader(const std::string& path, std::size_t max_line)
    : path_(path), max_line_(max_line), in_(&std::cin), uncaught_(std::uncaught_exceptions()) {
  if (path != "-") {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) fail_input(path, "no such file");
    if (std::filesystem::is_directory(path, ec)) fail_input(path, "is a directory, expected a file");
    file_.open(path, std::ios::binary);
    if (!file_) fail_input(path, std::string("cannot open: ") + std::strerror(errno));
    note_input(path);
    in_ = &file_;
  }
}

LineReader::~LineReader() {
  if (std::uncaught_exceptions() > uncaught_)
    note_failure_context(display_name(path_) + (line_no_ ? ":" + std::to_string(line_no_) : ""));
}

bool LineReader::next(std::string& line) {
  line.clear();
  std::streambuf* buf = in_->rdbuf();
  int c = buf->sbumpc();
  if (c == std::char_traits<char>::eof()) return false;
  ++line_no_;
  while (c != std::char_traits<char>::eof() && c != '\n') {
    if (c == '\0') fail_input(path_, line_no_, "contains binary data (a NUL byte); expected text");
    line.push_back(static_cast<char>(c));
    if (line.size() > max_line_)
      fail_input(path_, line_no_,
                 "line longer than " + std::to_string(max_line_) + " bytes; expected short text lines");
    c = buf->sbumpc();
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

}  // namespace lw
