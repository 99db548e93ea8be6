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
  // Smooth upper bound on the encoder's log-variance, logvar = m - softplus(m - raw)
  // (0: none, the original's unbounded Dense output). The decoder is unchanged.
  double logvar_max = 0;
  // Decoder widths: M4L.RhythmVAE's Dense 1024 and three heads of Dense 512
  // (models saved by older versions of the device have 512 and 512).
  int dec_hidden = 1024, dec_branch = 512;
};

// Defaults chosen by the seed study of man/lw-rhythm.1 (TRAINING ON A FEW
// FILES): batches of 16 give 4 Adam steps per epoch of 64 examples (batches
// of 64 gave one, and an undertrained model after 200 epochs); the warm-up of
// 5 epochs is 20 steps, as the 20 epochs of batch 64 were, which keeps the KL
// below the stated bound; the learning rate falls to a tenth by the end; the
// latent anchor fades over the first half of the run.
struct TrainOptions {
  int epochs = 200;
  int batch = 16;
  double lr = 1e-3;
  double beta = 1.0;
  int warmup_epochs = 5;        // beta rises linearly from 0 over this many epochs
  double holdout = 1.0 / 6.0;   // fraction of loops held out
  int min_examples = 64;        // sampled with replacement up to this per epoch
  double velocity_weight = 2.5;
  double offset_weight = 5.0;
  // Stabilisers (see man/lw-rhythm.1, TRAINING ON A FEW FILES): the gradient's
  // global L2 norm is scaled down to at most `clip` (0: off); each latent
  // dimension's batch-mean KL counts at least `free_bits` nats (Kingma et al.,
  // "Improved variational inference with inverse autoregressive flow", 2016);
  // the learning rate falls linearly to lr * lr_final over the epochs.
  double clip = 100;
  double free_bits = 0;
  double lr_final = 0.1;
  // Exponential moving average of the weights (Polyak & Juditsky 1992; the
  // decay as in TensorFlow's ExponentialMovingAverage with num_updates,
  // min(ema, (1 + t) / (10 + t)) at step t; 0: off). With it, the held-out
  // loss, the kept weights and the model are the averaged weights (batch-norm
  // statistics averaged alike).
  double ema = 0;
  // Decoupled weight decay (AdamW, Loshchilov & Hutter 2019): every step
  // multiplies the weight matrices by 1 - lr * weight_decay (0: off, Adam).
  double weight_decay = 0;
  // Batch-norm statistics used in evaluation: the running averages of the
  // training batches (false, Keras's and the original's), or recomputed in one
  // pass over all the training loops before every held-out evaluation and for
  // the model (true; "precise BN", Wu & Johnson, "Rethinking 'batch' in
  // BatchNorm", 2021): with batches of 16 the running averages follow the last
  // few batches and the held-out loss jumps from epoch to epoch.
  bool full_bn_stats = false;
  // Latent anchor: over the first A = round(anchor x epochs) epochs the
  // objective adds anchor_weight x (1 - (epoch - 1) / A) x the squared
  // distance of each loop's encoded mean from its place on the training
  // loops' first principal components (unit variance per dimension), so the
  // layout of the latent plane comes from the data rather than from the
  // initial weights (as PCA initialisation does for t-SNE and UMAP: Kobak &
  // Linderman, Nature Biotechnology 39, 2021). After that the loss is the
  // original's. 0: off. 0.5, the default: over the first half of the run,
  // which gave the lowest worst-case held-out loss over seeds on both test
  // sets (man/lw-rhythm.1).
  double anchor = 0.5;
  double anchor_weight = 10;
  // Keep the weights of the epoch with the lowest held-out loss once beta has
  // reached its final value (false, or no held-out loops: the last epoch's).
  bool keep_best = false;
  std::uint64_t seed = 0;
  // Seed of the train/held-out split; unset: `seed`.
  bool has_split_seed = false;
  std::uint64_t split_seed = 0;
};

struct EpochRecord {
  int epoch = 0;  // 1-based
  double beta = 1;
  double loss = 0, onset = 0, velocity = 0, offset = 0, kl = 0;  // means per example
  double grad_norm = 0;  // largest gradient norm of the epoch (before clipping)
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
  int kept_epoch = 0;  // whose weights the model holds (1-based)
  Metrics train, heldout;  // after the last epoch (eval mode, z = mean)
  double seconds = 0;
};

// Refuses (exit 2, naming the option) values train() cannot use, so that a
// front-end can check them before it reads any input.
void check_train_options(const TrainOptions& opt);

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

  // Decoder only (a model imported from M4L.RhythmVAE): encode() refuses.
  bool has_encoder() const { return has_encoder_; }

  // Reconstruction accuracy of patterns through z = mean.
  Metrics evaluate(const std::vector<Pattern>& patterns) const;

  std::vector<NamedTensor> weights() const;
  // Throws Exit::BadInput naming `file` when a tensor is missing or misshapen.
  // With decoder_only, only the decoder's tensors are read and encode() refuses.
  void load_weights(const std::vector<NamedTensor>& tensors, const std::string& file, bool decoder_only = false);

 private:
  struct Impl;
  VaeShape shape_;
  bool has_encoder_ = true;
  std::unique_ptr<Impl> impl_;
};

// Is the latent space in use? Per dimension: the spread (standard deviation)
// of the encoded means over `loops`, their mean log-variance, and how much
// the decoded onsets change per unit step along it (sum over cells of
// |delta onset probability| / delta z, averaged over sweeps of that dimension
// across [-range, range] through every loop's mean).
struct LatentDimCheck {
  double spread = 0, mean_logvar = 0, variation = 0;
};
struct LatentCheck {
  std::vector<LatentDimCheck> dims;
  double variation_ratio = 1;  // largest / smallest variation
  std::vector<std::string> problems;  // empty: every dimension in use
  // Thresholds (the issue's): spread > 0.5, mean log-variance < -1, ratio <= 3.
  static constexpr double kMinSpread = 0.5, kMaxLogvar = -1, kMaxRatio = 3;
};
LatentCheck check_latent(const RhythmVae& vae, const std::vector<Pattern>& loops, double range = 2, int steps = 9);

}  // namespace lw::rhythm
