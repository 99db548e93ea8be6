// Outputs and the inputs they must never replace.
//
// A regular file (or a path that does not exist yet) is written to a
// temporary file beside it and renamed into place on commit(), so a failed or
// interrupted run never leaves a truncated file. A symbolic link is followed:
// the temporary file goes beside the link's target and is renamed there, so
// the link stays. Anything else that can be written (a character device such
// as /dev/null, a FIFO, "-", /dev/stdout, /dev/fd/N) is never replaced: the
// data is staged in a temporary file and copied to it on commit(), so nothing
// partial is emitted by a run that fails.
//
// Every write, the final flush and the close are checked; a failure (disk
// full, ...) is Exit::BadInput with the system's reason and leaves nothing.
//
// Every file a tool reads through lib/core or lib/audio is registered here
// (note_input); no AtomicOutput of the same process replaces a registered
// input, whichever option named it, unless guard_overwrite(..., in_place=true)
// allowed it.
//
// Temporary files are named ".TARGET.partial-by-TOOL-pidPID.tmp-XXXXXX"; one
// left behind by a killed writer (whose process is gone) is removed on the
// next write to the same target.
#pragma once
#include <cstdint>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace lw {

class AtomicOutput {
 public:
  explicit AtomicOutput(std::string target);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  // The stream to write (binary). Write errors are reported by commit().
  std::ostream& stream();
  // The temporary path, for libraries that open files by name (libsndfile).
  // Do not mix with stream().
  const std::string& temp_path() const { return temp_; }
  // The target as given by the user (for messages).
  const std::string& target() const { return target_; }
  // True for "-", /dev/stdout and its aliases.
  bool to_stdout() const { return fd_target_ == 1; }

  // Flushes and moves the temporary file into place (or copies it to the
  // device/stdout). Throws Exit::BadInput on a write error.
  void commit();

 private:
  class FdBuf;
  std::string target_;    // as given
  std::string final_;     // where the data goes (a symlink resolved)
  std::string temp_;
  int fd_target_ = -1;    // >= 0: copy to this descriptor on commit
  bool device_ = false;   // final_ is a device/FIFO: open and copy on commit
  bool committed_ = false;
  std::unique_ptr<FdBuf> buf_;
  std::unique_ptr<std::ostream> stream_;
};

// Records that this process reads `path` (by device and inode), so that no
// AtomicOutput replaces it. Called by read_file, LineReader and audio::Reader;
// call it for any input opened another way. "-" and non-files are ignored.
void note_input(const std::string& path);
// The inputs noted so far, in order (for messages).
std::vector<std::string> inputs_read();

// Refuses to write `output` when it is the same file as one of `inputs`.
// Throws Exit::BadInput. (AtomicOutput also refuses every noted input; this
// refuses before the work starts.)
void guard_overwrite(const std::vector<std::string>& inputs, const std::string& output);
// The same for a subcommand that offers --in-place: allowed when `in_place`
// is set (the inputs are then allowed as outputs), and the refusal names the
// option.
void guard_overwrite(const std::vector<std::string>& inputs, const std::string& output, bool in_place);

// For outputs whose purpose is to update an input (a dataset that `add`
// extends): allows AtomicOutput to replace `path` although it was read.
void allow_update(const std::string& path);

// Writes `data` to `target` atomically (AtomicOutput in one call).
void write_file_atomically(const std::string& target, const std::string& data);

// Reads a whole (small) file or stdin ("-"). Throws Exit::BadInput naming the file.
std::string read_file(const std::string& path, std::size_t max_bytes = 512u << 20);

// Writes all of `data` to a descriptor, retrying short writes and EINTR.
// Throws Exit::BadInput "cannot write to NAME: reason" on failure.
void write_all_fd(int fd, const char* data, std::size_t size, const std::string& name);

}  // namespace lw
