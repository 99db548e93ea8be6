#include "rhythm/dataset.hpp"

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"
#include "midi/smf.hpp"

namespace lw::rhythm {

Dataset load_dataset(const std::vector<std::string>& paths, const GridOptions& grid, int min_onsets) {
  Dataset ds;
  for (const auto& path : paths) {
    const std::string name = display_name(path);
    const std::string bytes = read_file(path, 64u << 20);
    midi::File f = midi::parse(bytes, name);
    SourceFile src;
    src.path = path;
    src.sha256 = sha256_hex(bytes);
    auto loops = quantise(f, grid, path, &src.stats);
    if (src.stats.notes_on_channel == 0)
      fail_input(name, "no notes on MIDI channel " + std::to_string(grid.channel + 1) +
                           " (the drum channel; see --channel)");
    if (src.stats.notes_on_channel == src.stats.unmapped)
      fail_input(name, "none of the " + std::to_string(src.stats.notes_on_channel) + " notes on channel " +
                           std::to_string(grid.channel + 1) + " is a drum of the " + drum_map_name(grid.map) +
                           " map");
    auto kept = keep_loops(loops, min_onsets);
    src.loops_kept = kept.size();
    src.loops_dropped = loops.size() - kept.size();
    for (auto& l : kept) ds.loops.push_back(std::move(l));
    ds.files.push_back(src);
  }
  return ds;
}

json Dataset::provenance() const {
  json files_j = json::array();
  for (const auto& f : files)
    files_j.push_back({{"path", f.path},
                       {"sha256", f.sha256},
                       {"loops", f.loops_kept},
                       {"dropped", f.loops_dropped},
                       {"unmapped_notes", f.stats.unmapped},
                       {"merged_notes", f.stats.merged}});
  return {{"files", files_j}, {"loops", loops.size()}};
}

}  // namespace lw::rhythm
