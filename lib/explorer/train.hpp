// Training the explorer MLP with LibTorch: mean squared error on [0, 1]-scaled
// inputs and outputs, mini-batch SGD with momentum (as fluid.mlpregressor~
// trains: learnRate, momentum, batchSize, validation), deterministic for a
// given seed and thread count (weights are initialised and batches shuffled by
// our own seeded generator, not torch's).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "explorer/dataset.hpp"
#include "explorer/mlp.hpp"

namespace lw::explorer {

struct TrainOptions {
  std::vector<std::size_t> hidden{3, 3};
  Activation activation = Activation::Sigmoid;
  Activation output_activation = Activation::Identity;
  int epochs = 1000;
  double lr = 0.1;
  double momentum = 0.9;
  std::size_t batch = 50;
  double validation = 0.2;   // fraction of pairs held out, in [0, 1)
  std::uint64_t seed = 0;
  // Inputs enter the network as they are (ranges 0..1), as in the Latent
  // Space Explorer whose patch scales them before fluid.mlpregressor~;
  // otherwise each input is scaled by its min..max over the dataset.
  bool unit_inputs = false;
};

struct TrainResult {
  Mlp model;
  double train_loss = 0;                     // MSE on the training pairs after the last epoch
  std::optional<double> validation_loss;     // MSE on the held-out pairs, when there are any
  std::size_t train_pairs = 0, validation_pairs = 0;
};

// Called after every epoch with (epochs done, loss on the training pairs of that epoch).
using EpochCallback = std::function<void(int, double)>;

// Input ranges of a dataset: per input, min and max over the pairs.
std::vector<Channel> input_ranges(const Dataset& d);

// Trains a new network (start == nullopt) or continues `start` (its layers,
// activations and scaling are kept; its inputs and outputs must match the
// dataset's names). Throws Exit::BadInput for an empty dataset or a mismatch.
TrainResult train(const Dataset& d, const TrainOptions& opt, const std::optional<Mlp>& start,
                  const EpochCallback& on_epoch = {});

}  // namespace lw::explorer
