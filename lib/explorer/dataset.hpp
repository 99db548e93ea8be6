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
  // kind "flucoma": the point's id in the FluCoMa DataSet JSON files (file =
  // the inputs dataset, outputs_file = the outputs dataset).
  std::string flucoma_id, outputs_file, outputs_sha256;
};

struct Pair {
  std::uint64_t id = 0;
  std::vector<double> in;
  std::vector<double> out;
  Provenance source;
};

struct Dataset {
  // The feature preset the inputs were made with ("latentwalk" or "lse";
  // empty in files written before presets were recorded) and its settings
  // (compact JSON object text, may be empty). Stored as
  // "features": {"preset": .., "settings": {..}}.
  std::string preset, settings;
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

// The Latent Space Explorer's output ranges: x and y 0..127 (the R-VAE's two
// latent parameters), noise 0..2, ramp_ms 0..5000.
std::vector<Channel> lse_outputs();

// FluCoMa DataSet JSON (fluid.dataset~ read/write; flucoma-core FluidJSON.hpp):
// {"cols": N, "data": {"id": [N numbers], ...}}.
struct FlucomaDataset {
  std::size_t cols = 0;
  std::vector<std::string> ids;            // in the file's order
  std::vector<std::vector<double>> rows;
};
// Refuses (Exit::BadInput naming the file and the id) what FluCoMa's reader
// would not take or would take silently wrong: no "cols" number or "data"
// object, a row that is not an array of exactly `cols` finite numbers.
FlucomaDataset parse_flucoma_dataset(const std::string& text, const std::string& path);
FlucomaDataset read_flucoma_dataset(const std::string& path);
std::string flucoma_dataset_to_json(const FlucomaDataset& f);

// The LSE's two datasets (inputs, outputs in 0..1) -> an explorer dataset:
// pairs matched by id (an id in one file only is an error), outputs mapped
// from 0..1 onto `outputs`' ranges, ids and files kept as provenance.
Dataset import_flucoma(const FlucomaDataset& inputs, const std::string& inputs_path, const FlucomaDataset& outputs,
                       const std::string& outputs_path, const std::vector<std::string>& input_names,
                       const std::vector<Channel>& outputs_ranges, const std::string& preset,
                       const std::string& settings);
// An explorer dataset -> the two FluCoMa datasets (outputs mapped to 0..1);
// ids: the FluCoMa id a pair was imported with, else "pair-<id>".
void export_flucoma(const Dataset& d, FlucomaDataset& inputs, FlucomaDataset& outputs);

}  // namespace lw::explorer
