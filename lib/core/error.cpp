#include "core/error.hpp"

namespace lw {

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

void fail_input(const std::string& file, std::size_t line, const std::string& what) {
  std::string msg = display_name(file);
  if (line > 0) msg += ":" + std::to_string(line);
  throw Error(Exit::BadInput, msg + ": " + what, true);
}

void fail_input(const std::string& file, const std::string& what) { fail_input(file, 0, what); }

namespace {
thread_local std::string g_failure_context;
}

void note_failure_context(const std::string& where) {
  if (g_failure_context.empty()) g_failure_context = where;  // the innermost reader wins
}
std::string failure_context() { return g_failure_context; }

void fail_usage(const std::string& what) { throw Error(Exit::BadInput, what); }

void fail_internal(const std::string& what) { throw Error(Exit::Internal, what); }

}  // namespace lw
