// LibTorch costs about a second and 160 MB to load, which every subcommand
// of lw-train-explorer would pay although only `train` needs it. So training
// lives in a module (liblw_explorer_torch.so, beside the executable) that is
// loaded on first use; add/list/predict/export start in milliseconds.
#pragma once
#include "explorer/train.hpp"

namespace lw::explorer {

struct TrainerApi {
  int abi;  // kTrainerAbi of the build that made the module
  void (*set_threads)(int);
  TrainResult (*train)(const Dataset&, const TrainOptions&, const std::optional<Mlp>&, const EpochCallback&);
};

// Bumped whenever Dataset, TrainOptions, TrainResult or Mlp change layout.
constexpr int kTrainerAbi = 1;

// Loads the module from the directory of the running executable (once).
// Throws Exit::Internal naming the path when it is missing or does not match.
const TrainerApi& load_trainer();

}  // namespace lw::explorer

// The module's single entry point.
extern "C" const lw::explorer::TrainerApi* lw_explorer_trainer();
