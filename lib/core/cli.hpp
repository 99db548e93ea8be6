// What every tool's front-end shares: an app with --version, the mapping of
// errors to exit statuses, common flags and a progress bar on stderr.
#pragma once
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

namespace lw::cli {

// "lw-walk 0.1.0 (git 1a2b3c4d5e)"
std::string version_string(const std::string& tool);

// A top-level app: description, --version, subcommand required, help on
// every level. Tools add subcommands to it.
void setup_app(CLI::App& app, const std::string& tool, const std::string& description);

// Parses and runs. Maps CLI11 parse errors to 2 (help and --version to 0),
// lw::Error to its exit code, anything else to 3; prints "tool: error: ..."
// on stderr.
int run(CLI::App& app, int argc, char** argv);

// Flags most subcommands take.
struct Common {
  bool quiet = false;
  bool json = false;
};
void add_quiet(CLI::App& sub, Common& c);
void add_json(CLI::App& sub, Common& c, const std::string& what = "print a machine-readable summary on stdout");
// Refuses --json together with output "-": both would be written to stdout.
void refuse_json_with_stdout(const Common& c, const std::string& output);

// Parses "a,b,c" into numbers, naming the option in the error.
std::vector<double> parse_numbers(const std::string& text, const std::string& option,
                                  std::size_t expected_count = 0);

// A progress bar on stderr, drawn only when stderr is a terminal and not quiet.
class Progress {
 public:
  Progress(std::string label, std::uint64_t total, bool quiet);
  ~Progress();
  void update(std::uint64_t done, const std::string& extra = "");
  void finish();

 private:
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace lw::cli
