// Drum MIDI files -> training loops, with what was kept and dropped, and the
// hash of every file for the model's provenance.
#pragma once
#include <string>
#include <vector>

#include "core/json_file.hpp"
#include "rhythm/drum_pattern.hpp"

namespace lw::rhythm {

struct SourceFile {
  std::string path;
  std::string sha256;
  std::size_t loops_kept = 0, loops_dropped = 0;
  QuantiseStats stats;
};

struct Dataset {
  std::vector<Loop> loops;
  std::vector<SourceFile> files;
  json provenance() const;  // {"files":[{"path","sha256","loops","dropped"}...],"loops":N}
};

// Reads each file, quantises its drum channel and keeps loops with at least
// `min_onsets` onsets. A file that is not MIDI, or has no notes on the drum
// channel, or none the drum map knows, is refused (Exit::BadInput, naming it).
Dataset load_dataset(const std::vector<std::string>& paths, const GridOptions& grid, int min_onsets);

}  // namespace lw::rhythm
