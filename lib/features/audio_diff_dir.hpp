// Regression of whole trees, for CI: every file of a reference tree and an
// output tree matched by relative path. Audio files are compared with
// diff_audio and its tolerances; every other file byte for byte. Missing
// and extra files are failures. Reports: JUnit XML (one test case per
// file), difference plots (SVG) of failing files, and --update, which makes
// the reference tree a copy of the output tree.
#pragma once
#include <string>
#include <vector>

#include "features/audio_diff.hpp"

namespace lw::features {

enum class FileStatus { Same, Differ, Missing, Extra, Error };
const char* status_name(FileStatus s);  // same|differ|missing|extra|error

struct FileDiff {
  std::string path;  // relative to both roots, '/'-separated
  bool audio = false;
  FileStatus status = FileStatus::Same;
  DiffReport report;    // audio files compared
  std::string detail;   // what differs (bytes: where; error: the message)
  bool ok() const { return status == FileStatus::Same; }
};

struct TreeDiff {
  std::string ref, out;
  std::vector<FileDiff> files;  // sorted by path
  bool ok() const;
  int failures() const;
};

struct TreeOptions {
  // Globs (fnmatch: *, ?, [..]) on the relative path or the file name;
  // matching files are neither compared nor counted.
  std::vector<std::string> exclude;
};

// Audio files by extension: .wav .flac .aiff .aif .ogg .caf (any case).
bool is_audio_path(const std::string& path);
// Relative paths of the regular files under `root` (following symbolic
// links), sorted, less the excluded ones. Throws Exit::BadInput when `root`
// is not a directory.
std::vector<std::string> list_tree(const std::string& root, const TreeOptions& options);
TreeDiff diff_tree(const std::string& ref, const std::string& out, const Params& params, const Tolerances& tol,
                   const TreeOptions& options);

// JUnit XML: one <testsuite> (the two roots), one <testcase> per file;
// failures carry the measures that exceeded their tolerance (or where bytes
// differ, or that the file is missing / extra), unreadable files an <error>.
std::string junit_xml(const TreeDiff& diff);

// The difference plot of one file pair. Audio: both waveforms, their
// difference, the spectrogram difference (output - reference, dB) and every
// measure's difference as a fraction of its tolerance. Other files: what
// differs, as text (for text files the first differing line of each).
std::string diff_plot_svg(const std::string& ref_root, const std::string& out_root, const FileDiff& file,
                          const Params& params, int width = 1100);

// Writes DIR/<path>.svg for every failing file and DIR/index.html showing
// them; returns the SVG paths written.
std::vector<std::string> write_report(const std::string& dir, const TreeDiff& diff, const Params& params);

// Makes `ref` a copy of `out` (every file, excluded ones too): the new tree
// is built beside `ref` and swapped in by rename, so `ref` is never left
// half-written. Returns one line per change ("updated PATH", "added PATH",
// "removed PATH"), sorted by path; nothing is written when nothing changed.
std::vector<std::string> update_tree(const std::string& ref, const std::string& out);

}  // namespace lw::features
