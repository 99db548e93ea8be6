// Outputs are written to a temporary file beside the target and renamed into
// place on commit(), so a failed or interrupted run never leaves a truncated
// file. "-" means stdout: the data is still staged in a temporary file and
// copied to stdout on commit(), so nothing partial is ever emitted either.
#pragma once
#include <fstream>
#include <string>
#include <vector>

namespace lw {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::string target);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // The stream to write (opened lazily, binary).
  std::ostream& stream();
  // The temporary path, for libraries that open files by name (libsndfile).
  // Do not mix with stream().
  const std::string& temp_path() const { return temp_; }
  const std::string& target() const { return target_; }
  bool to_stdout() const { return target_ == "-"; }

  // Flushes and moves the temporary file into place. Throws on failure.
  void commit();

 private:
  std::string target_;
  std::string temp_;
  std::ofstream out_;
  bool committed_ = false;
};

// Refuses to write `output` when it is the same file as one of `inputs`.
// Throws Exit::BadInput.
void guard_overwrite(const std::vector<std::string>& inputs, const std::string& output);
// The same for a subcommand that offers --in-place: allowed when `in_place`
// is set, and the refusal names the option.
void guard_overwrite(const std::vector<std::string>& inputs, const std::string& output, bool in_place);

// Writes `data` to `target` atomically (AtomicOutput in one call).
void write_file_atomically(const std::string& target, const std::string& data);

// Reads a whole (small) file or stdin ("-"). Throws Exit::BadInput naming the file.
std::string read_file(const std::string& path, std::size_t max_bytes = 512u << 20);

}  // namespace lw
