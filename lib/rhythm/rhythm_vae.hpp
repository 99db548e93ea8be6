// The rhythm VAE of M4L.RhythmVAE (Tokui, 2020), trained with LibTorch.
// This header is torch-free so front-ends compile fast; the network lives in
// rhythm_vae.cpp.
//
// Encoder: three branches (onsets, velocities, offsets), each
//   Dense 512 + batch norm + LeakyReLU(0.3); concatenated; Dense 512 + BN +
//   LeakyReLU; Dense -> mean and Dense -> log-variance of the latent.
// Decoder: Dense 1024 + BN + LeakyReLU; three heads of Dense 512 + BN +
//   LeakyReLU + Dense (9 x steps) with sigmoid (onsets), sigmoid (velocities),
//   tanh (offsets).
// Loss per example: BCE(onsets) summed over cells + 2.5 x SSE(velocities)
//   + 5 x SSE(offsets) + beta x KL(q(z|x) || N(0, I)).
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "rhythm/drum_pattern.hpp"
#include "rhythm/model_file.hpp"

namespace lw::rhythm {

struct VaeShape {
  int steps = 32;
  int latent = 2;
};

struct TrainOptions {
  int epochs = 150;
  int batch = 64;
  double lr = 1e-3;
  double beta = 1.0;
  int warmup_epochs = 0;        // beta rises linearly from 0 over this many epochs
  double holdout = 1.0 / 6.0;   // fraction of loops held out
  int min_examples = 64;        // sampled with replacement up to this per epoch
  double velocity_weight = 2.5;
  double offset_weight = 5.0;
  std::uint64_t seed = 0;
};

struct EpochRecord {
  int epoch = 0;  // 1-based
  double beta = 1;
  double loss = 0, onset = 0, velocity = 0, offset = 0, kl = 0;  // means per example
  bool has_heldout = false;
  double heldout_loss = 0, heldout_f1 = 0, heldout_velocity_mae = 0, heldout_timing_mae = 0;
};

struct Metrics {
  std::size_t loops = 0;
  double onset_f1 = 0, velocity_mae = 0, timing_mae = 0;
};

struct TrainReport {
  std::vector<EpochRecord> history;
  std::vector<std::size_t> train_indices, heldout_indices;
  std::size_t examples_per_epoch = 0;
  Metrics train, heldout;  // after the last epoch (eval mode, z = mean)
  double seconds = 0;
};

// Threads for training and decoding: `n` BLAS threads for the matrix
// products, which carry nearly all the work, and a single torch intra-op
// thread, so torch's OpenMP workers do not spin against BLAS's own pool on
// the same cores (small element-wise tensors gain nothing from them).
void set_vae_threads(int n);

class RhythmVae {
 public:
  // Weights initialised from torch's global generator (seed it first).
  explicit RhythmVae(VaeShape shape);
  ~RhythmVae();
  RhythmVae(const RhythmVae&) = delete;
  RhythmVae& operator=(const RhythmVae&) = delete;

  const VaeShape& shape() const { return shape_; }

  TrainReport train(const std::vector<Pattern>& loops, const TrainOptions& opt,
                    const std::function<void(const EpochRecord&)>& on_epoch = {});

  // Latent means (and log-variances) of patterns (eval mode).
  std::vector<std::vector<float>> encode(const std::vector<Pattern>& patterns,
                                         std::vector<std::vector<float>>* logvar = nullptr) const;
  // Decoded patterns: onset probabilities, velocities, offsets (eval mode).
  std::vector<Pattern> decode(const std::vector<std::vector<float>>& z) const;

  // Reconstruction accuracy of patterns through z = mean.
  Metrics evaluate(const std::vector<Pattern>& patterns) const;

  std::vector<NamedTensor> weights() const;
  // Throws Exit::BadInput naming `file` when a tensor is missing or misshapen.
  void load_weights(const std::vector<NamedTensor>& tensors, const std::string& file);

 private:
  struct Impl;
  VaeShape shape_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lw::rhythm
