// latentwalk.explorer-dataset v1: the input/output pairs a musician collects
// (Latent Space Explorer, AIMC 2023: play, set the outputs by hand, add the
// pair; delete single pairs or the whole set).
//
// {"format":"latentwalk.explorer-dataset","version":1,
//  "inputs":["ambitus",...],
//  "outputs":[{"name":"x","min":-3,"max":3},...],
//  "next_id":N,
//  "pairs":[{"id":1,"in":[...],"out":[...],
//            "source":{"kind":"audio","file":"take.wav","sha256":"..","range":[from,to],"frame":k}}]}
//
// Pair ids are never reused (next_id only grows), so "remove 3" always means
// the pair that was listed as 3.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "explorer/mlp.hpp"

namespace lw::explorer {

struct Provenance {
  std::string kind;      // "audio", "features" or "manual"
  std::string file;      // as given on the command line
  std::string sha256;    // of that file
  double from = 0, to = 0;   // the passage, seconds
  std::optional<std::size_t> frame;  // with --each-frame: the frame index
};

struct Pair {
  std::uint64_t id = 0;
  std::vector<double> in;
  std::vector<double> out;
  Provenance source;
};

struct Dataset {
  std::vector<std::string> inputs;
  std::vector<Channel> outputs;
  std::uint64_t next_id = 1;
  std::vector<Pair> pairs;
};

// The four outputs of the explorer (x, y, noise, ramp_ms) with the default
// ranges of DESIGN.md: x, y in -3..3 latent units, noise 0..2, ramp 0..10000 ms.
std::vector<Channel> default_outputs();

// A new, empty dataset. Throws Exit::BadInput for empty/duplicate names or bad ranges.
Dataset make_dataset(const std::vector<std::string>& inputs, const std::vector<Channel>& outputs);

// Appends pairs (ids assigned). Checks sizes, finiteness and that outputs lie
// within the output ranges; `what` names the origin in messages. Atomic: on
// error nothing is added.
std::vector<std::uint64_t> add_pairs(Dataset& d, std::vector<Pair> pairs, const std::string& what);
// Removes the given ids; an unknown id is an error and nothing is removed.
void remove_pairs(Dataset& d, const std::vector<std::uint64_t>& ids);

// Throws Exit::BadInput naming the file and the pair for any malformed content.
Dataset parse_dataset(const std::string& text, const std::string& path);
Dataset read_dataset(const std::string& path);
std::string dataset_to_json(const Dataset& d);
void write_dataset(const std::string& target, const Dataset& d);

}  // namespace lw::explorer
