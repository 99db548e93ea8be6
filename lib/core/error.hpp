// One error type for every tool: a message a user can act on, and the exit
// status it maps to (DESIGN.md: 0 ok, 1 check failed, 2 bad usage/input,
// 3 internal error).
#pragma once
#include <cstddef>
#include <stdexcept>
#include <string>

namespace lw {

enum class Exit : int { Ok = 0, CheckFailed = 1, BadInput = 2, Internal = 3 };

class Error : public std::runtime_error {
 public:
  Error(Exit code, const std::string& message, bool names_file = false)
      : std::runtime_error(message), code_(code), names_file_(names_file) {}
  Exit code() const { return code_; }
  // True when the message starts with the file it is about (fail_input).
  bool names_file() const { return names_file_; }

 private:
  Exit code_;
  bool names_file_;
};

// Where an error interrupted the reading of an input ("file:line" or
// "file"), recorded by readers (LineReader, audio::Reader) that are unwound
// by an exception, so that cli::run can name the file in a message that does
// not ("pitch max freq ... below Nyquist" -> "x.wav: pitch max freq ...").
void note_failure_context(const std::string& where);
std::string failure_context();

// "file:line: what" (line 0 is left out). Throws Exit::BadInput.
[[noreturn]] void fail_input(const std::string& file, std::size_t line, const std::string& what);
// "file: what". Throws Exit::BadInput.
[[noreturn]] void fail_input(const std::string& file, const std::string& what);
// Bad command-line usage. Throws Exit::BadInput.
[[noreturn]] void fail_usage(const std::string& what);
// A bug or an environment failure (disk full, ...). Throws Exit::Internal.
[[noreturn]] void fail_internal(const std::string& what);

// Input file name as it should appear in messages ("-" reads as "<stdin>").
std::string display_name(const std::string& path);

}  // namespace lw
