#include "core/cli.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <new>
#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "core/version.hpp"

namespace lw::cli {

std::string version_string(const std::string& tool) {
  return tool + " " + LW_VERSION + " (git " + LW_GIT_REVISION + ")";
}

void setup_app(CLI::App& app, const std::string& tool, const std::string& description) {
  app.name(tool);
  app.description(description);
  app.set_version_flag("--version", version_string(tool), "print the version and git revision");
  app.require_subcommand(1);
  app.fallthrough(false);
  app.get_formatter()->column_width(30);
}

namespace {

// A message about bad input that names no file gets the file it came from:
// the reader unwound by the error (file:line), else the one input read, else
// the list of inputs.
std::string with_context(const std::string& msg) {
  const std::string ctx = failure_context();
  const std::vector<std::string> inputs = inputs_read();
  if (!ctx.empty()) {
    const std::string file = ctx.substr(0, ctx.find_last_of(':') == std::string::npos ? ctx.size()
                                                                                     : ctx.find_last_of(':'));
    if (msg.find(file) != std::string::npos) return msg;
  }
  for (const auto& in : inputs)
    if (msg.find(in) != std::string::npos) return msg;
  if (!ctx.empty()) return ctx + ": " + msg;
  if (inputs.size() == 1) return inputs[0] + ": " + msg;
  if (inputs.empty()) return msg;
  std::string list;
  for (const auto& in : inputs) list += (list.empty() ? "" : ", ") + in;
  return msg + " (inputs: " + list + ")";
}

// "[json.exception.type_error.302] (/a/b) type must be number" -> "at /a/b: type must be number".
std::string json_message(const nlohmann::json::exception& e) {
  std::string what = e.what();
  auto close = what.find("] ");
  if (what.compare(0, 1, "[") == 0 && close != std::string::npos) what = what.substr(close + 2);
  if (what.compare(0, 1, "(") == 0) {
    auto end = what.find(") ");
    if (end != std::string::npos) what = "JSON value at " + what.substr(1, end - 1) + ": " + what.substr(end + 2);
  }
  if (e.id == 316) return "text that is not valid UTF-8 cannot be written as JSON (" + what + ")";
  if (e.id / 100 == 3 && what.find("JSON value at") == std::string::npos) what = "wrong JSON type: " + what;
  return what;
}

// Standard output is written through stdio/iostreams by --json summaries and
// reports: a full disk must not end in exit 0 with a truncated file.
int check_stdout(const std::string& tool) {
  std::cout.flush();
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) {
    const int err = errno;
    std::cerr << tool << ": error: cannot write to standard output: "
              << (err ? std::strerror(err) : "write error") << "\n";
    return static_cast<int>(Exit::BadInput);
  }
  return 0;
}

}  // namespace

int run(CLI::App& app, int argc, char** argv) {
  const std::string tool = app.get_name();
  try {
    app.parse(argc, argv);
    return check_stdout(tool);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (argc <= 1) {
      // No subcommand at all: show what there is to run.
      std::cerr << app.help();
    } else {
      std::cerr << tool << ": error: " << e.what() << "\nRun '" << tool << " --help' (or '" << tool
                << " SUBCOMMAND --help') for usage.\n";
    }
    return static_cast<int>(Exit::BadInput);
  } catch (const Error& e) {
    const bool bad_input = e.code() == Exit::BadInput;
    std::cerr << tool << ": " << (e.code() == Exit::Internal ? "internal error: " : "error: ")
              << (bad_input && !e.names_file() ? with_context(e.what()) : std::string(e.what())) << "\n";
    return static_cast<int>(e.code());
  } catch (const nlohmann::json::exception& e) {
    // parse (1xx), type (3xx) and range (4xx) errors come from the input's
    // values; iterator (2xx) and other (5xx) errors are ours.
    const int kind = e.id / 100;
    if (kind == 1 || kind == 3 || kind == 4) {
      std::cerr << tool << ": error: " << with_context(json_message(e)) << "\n";
      return static_cast<int>(Exit::BadInput);
    }
    std::cerr << tool << ": internal error: " << e.what() << "\n";
    return static_cast<int>(Exit::Internal);
  } catch (const std::bad_alloc&) {
    // Sizes come from the input (durations, rates, counts): say so.
    std::cerr << tool << ": error: "
              << with_context("not enough memory for what the input asks for (a size, duration or rate too large)")
              << "\n";
    return static_cast<int>(Exit::BadInput);
  } catch (const std::length_error&) {
    std::cerr << tool << ": error: "
              << with_context("the input asks for a size larger than can be allocated (a duration or rate too large)")
              << "\n";
    return static_cast<int>(Exit::BadInput);
  } catch (const std::exception& e) {
    std::cerr << tool << ": internal error: " << e.what() << "\n";
    return static_cast<int>(Exit::Internal);
  }
}

void add_quiet(CLI::App& sub, Common& c) {
  sub.add_flag("-q,--quiet", c.quiet, "no progress bar or notes on stderr");
}

void add_json(CLI::App& sub, Common& c, const std::string& what) {
  sub.add_flag("--json", c.json, what);
}

void refuse_json_with_stdout(const Common& c, const std::string& output) {
  if (c.json && output == "-") fail_usage("--json and -o - both write to stdout; choose one");
}

std::vector<double> parse_numbers(const std::string& text, const std::string& option,
                                  std::size_t expected_count) {
  std::vector<double> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(pos, comma - pos);
    double v = 0;
    if (!parse_double(item, v) || !std::isfinite(v))
      fail_usage(option + ": '" + item + "' is not a finite number (in '" + text + "')");
    out.push_back(v);
    pos = comma + 1;
  }
  if (expected_count && out.size() != expected_count)
    fail_usage(option + ": expected " + std::to_string(expected_count) + " comma-separated numbers, got " +
               std::to_string(out.size()) + " in '" + text + "'");
  return out;
}

Progress::Progress(std::string label, std::uint64_t total, bool quiet)
    : label_(std::move(label)), total_(total), enabled_(!quiet && ::isatty(2)) {
  start_ = last_ = std::chrono::steady_clock::now();
}

Progress::~Progress() {
  if (enabled_ && !finished_) std::fputs("\n", stderr);
}

void Progress::update(std::uint64_t done, const std::string& extra) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (done < total_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const int width = 30;
  double frac = total_ ? std::min(1.0, double(done) / double(total_)) : 1.0;
  int filled = static_cast<int>(std::lround(frac * width));
  double secs = std::chrono::duration<double>(now - start_).count();
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(width - filled), '-');
  std::fprintf(stderr, "\r%s [%s] %3d%% %.1fs %s\033[K", label_.c_str(), bar.c_str(),
               static_cast<int>(frac * 100), secs, extra.c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (!enabled_ || finished_) return;
  update(total_);
  std::fputs("\n", stderr);
  finished_ = true;
}

}  // namespace lw::cli
