#include "core/error.hpp"

namespace lw {

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

void fail_input(const std::string& file, std::size_t line, const std::string& what) {
  std::string msg = display_name(file);
  if (line > 0) msg += ":" + std::to_string(line);
  throw Error(Exit::BadInput, msg + ": " + what);
}

void fail_input(const std::string& file, const std::string& what) { fail_input(file, 0, what); }

void fail_usage(const std::string& what) { throw Error(Exit::BadInput, what); }

void fail_internal(const std::string& what) { throw Error(Exit::Internal, what); }

}  // namespace lw
