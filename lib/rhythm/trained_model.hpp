// A trained rhythm VAE with the metadata of its model file: how MIDI was
// read for it (grid, channel, drum map) and its training loops' positions.
#pragma once
#include <memory>
#include <string>

#include "rhythm/model_file.hpp"
#include "rhythm/rhythm_vae.hpp"

namespace lw::rhythm {

struct TrainedModel {
  ModelFile file;
  GridOptions grid;
  std::unique_ptr<RhythmVae> vae;
};

// Reads a model file and builds the network. Throws Exit::BadInput naming
// the file when it is of another kind or inconsistent.
TrainedModel load_trained_model(const std::string& path);

// Header fields describing the representation (written by `train`).
json representation_json(const GridOptions& grid);

}  // namespace lw::rhythm
