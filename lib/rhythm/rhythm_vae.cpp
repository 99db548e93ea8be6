#include "rhythm/rhythm_vae.hpp"

#include <torch/torch.h>

#include <malloc.h>

#include <chrono>
#include <cmath>
#include <map>
#include <random>

#include "core/error.hpp"
#include "model/torch_runtime.hpp"
#include "rhythm/adam.hpp"
#include "rhythm/pca.hpp"

namespace lw::rhythm {
namespace {

namespace nn = torch::nn;

constexpr double kSlope = 0.3;   // Keras LeakyReLU default, as in M4L.RhythmVAE
constexpr double kBnEps = 1e-3;  // Keras BatchNormalization default
constexpr double kBnMomentum = 0.1;

nn::BatchNorm1d bn(int n) { return nn::BatchNorm1d(nn::BatchNorm1dOptions(n).eps(kBnEps).momentum(kBnMomentum)); }

struct Net : nn::Module {
  nn::Linear e_on{nullptr}, e_vel{nullptr}, e_off{nullptr}, e_h{nullptr}, mu{nullptr}, logvar{nullptr};
  nn::BatchNorm1d e_on_bn{nullptr}, e_vel_bn{nullptr}, e_off_bn{nullptr}, e_h_bn{nullptr};
  nn::Linear d_h{nullptr}, d_on{nullptr}, d_vel{nullptr}, d_off{nullptr}, o_on{nullptr}, o_vel{nullptr}, o_off{nullptr};
  nn::BatchNorm1d d_h_bn{nullptr}, d_on_bn{nullptr}, d_vel_bn{nullptr}, d_off_bn{nullptr};

  double logvar_max = 0;

  Net(int cells, int latent, double lv_max, int H, int B) : logvar_max(lv_max) {
    e_on = register_module("enc_onset", nn::Linear(cells, 512));
    e_on_bn = register_module("enc_onset_bn", bn(512));
    e_vel = register_module("enc_velocity", nn::Linear(cells, 512));
    e_vel_bn = register_module("enc_velocity_bn", bn(512));
    e_off = register_module("enc_offset", nn::Linear(cells, 512));
    e_off_bn = register_module("enc_offset_bn", bn(512));
    e_h = register_module("enc_hidden", nn::Linear(3 * 512, 512));
    e_h_bn = register_module("enc_hidden_bn", bn(512));
    mu = register_module("enc_mean", nn::Linear(512, latent));
    logvar = register_module("enc_logvar", nn::Linear(512, latent));
    d_h = register_module("dec_hidden", nn::Linear(latent, H));
    d_h_bn = register_module("dec_hidden_bn", bn(H));
    d_on = register_module("dec_onset", nn::Linear(H, B));
    d_on_bn = register_module("dec_onset_bn", bn(B));
    d_vel = register_module("dec_velocity", nn::Linear(H, B));
    d_vel_bn = register_module("dec_velocity_bn", bn(B));
    d_off = register_module("dec_offset", nn::Linear(H, B));
    d_off_bn = register_module("dec_offset_bn", bn(B));
    o_on = register_module("out_onset", nn::Linear(B, cells));
    o_vel = register_module("out_velocity", nn::Linear(B, cells));
    o_off = register_module("out_offset", nn::Linear(B, cells));
    // Glorot-uniform weights and zero biases: the Keras defaults of the original.
    torch::NoGradGuard ng;
    for (auto& p : named_parameters()) {
      if (p.key().size() > 7 && p.key().compare(p.key().size() - 7, 7, ".weight") == 0 && p.value().dim() == 2)
        nn::init::xavier_uniform_(p.value());
      else if (p.key().size() > 5 && p.key().compare(p.key().size() - 5, 5, ".bias") == 0 &&
               p.key().find("_bn") == std::string::npos)
        p.value().zero_();
    }
  }

  std::vector<nn::BatchNorm1d> norms() const {
    return {e_on_bn, e_vel_bn, e_off_bn, e_h_bn, d_h_bn, d_on_bn, d_vel_bn, d_off_bn};
  }

  // Sets every batch norm's running statistics to those of `x` (the encoder's
  // on x, the decoder's on the means of x), as one training-mode pass with
  // momentum 1, without gradients. Training-mode outputs do not depend on
  // the running statistics, so the training itself is unchanged.
  void set_bn_stats(const torch::Tensor& on, const torch::Tensor& vel, const torch::Tensor& off) {
    torch::NoGradGuard ng;
    const bool was_training = is_training();
    train();
    for (auto& b : norms()) b->options.momentum(1.0);
    auto [m, lv] = encode(on, vel, off);
    decode(m);
    for (auto& b : norms()) b->options.momentum(kBnMomentum);
    train(was_training);
  }

  static torch::Tensor act(const torch::Tensor& x) { return torch::leaky_relu(x, kSlope); }

  std::pair<torch::Tensor, torch::Tensor> encode(const torch::Tensor& on, const torch::Tensor& vel,
                                                 const torch::Tensor& off) {
    auto h = torch::cat({act(e_on_bn(e_on(on))), act(e_vel_bn(e_vel(vel))), act(e_off_bn(e_off(off)))}, 1);
    h = act(e_h_bn(e_h(h)));
    auto lv = logvar(h);
    if (logvar_max > 0) lv = logvar_max - torch::softplus(logvar_max - lv);
    return {mu(h), lv};
  }

  // Onset logits, velocities, offsets.
  std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> decode(const torch::Tensor& z) {
    auto h = act(d_h_bn(d_h(z)));
    return {o_on(act(d_on_bn(d_on(h)))), torch::sigmoid(o_vel(act(d_vel_bn(d_vel(h))))),
            torch::tanh(o_off(act(d_off_bn(d_off(h)))))};
  }
};

struct Batch {
  torch::Tensor on, vel, off;
};

Batch to_tensors(const std::vector<Pattern>& ps, int steps) {
  const auto n = std::int64_t(ps.size());
  const std::int64_t cells = std::int64_t(steps) * kClasses;
  Batch b{torch::empty({n, cells}), torch::empty({n, cells}), torch::empty({n, cells})};
  for (std::int64_t i = 0; i < n; ++i) {
    const Pattern& p = ps[std::size_t(i)];
    if (p.steps != steps) fail_usage("pattern of " + std::to_string(p.steps) + " steps, the model has " + std::to_string(steps));
    std::copy(p.onset.begin(), p.onset.end(), b.on.data_ptr<float>() + i * cells);
    std::copy(p.velocity.begin(), p.velocity.end(), b.vel.data_ptr<float>() + i * cells);
    std::copy(p.offset.begin(), p.offset.end(), b.off.data_ptr<float>() + i * cells);
  }
  return b;
}

struct Losses {
  torch::Tensor onset, velocity, offset, kl;
};

// Per-example means of the summed terms (the loss, averaged over the batch).
Losses losses(const torch::Tensor& logits, const torch::Tensor& vel, const torch::Tensor& off,
              const torch::Tensor& mu, const torch::Tensor& logvar, const Batch& x, double free_bits = 0,
              torch::Tensor* kl_objective = nullptr) {
  const double n = double(x.on.size(0));
  Losses l;
  l.onset = torch::binary_cross_entropy_with_logits(logits, x.on, {}, {}, at::Reduction::Sum) / n;
  l.velocity = (vel - x.vel).square().sum() / n;
  l.offset = (off - x.off).square().sum() / n;
  // KL(N(mu, sigma^2) || N(0, 1)) = -1/2 sum(1 + log sigma^2 - mu^2 - sigma^2) (Kingma & Welling 2014).
  auto kl_dim = -0.5 * (1 + logvar - mu.square() - logvar.exp()).sum(0) / n;  // per dimension
  l.kl = kl_dim.sum();
  // Free bits: a dimension's KL below the floor is not penalised, so the
  // encoder may spend that much information on every dimension.
  if (kl_objective) *kl_objective = free_bits > 0 ? torch::clamp_min(kl_dim, free_bits).sum() : l.kl;
  return l;
}

// Adam with the fused update of adam.hpp; gradients are "set to none"
// afterwards so backward hands over its own buffers instead of adding into
// zeroed ones.
struct Adam {
  double lr, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  long step = 0;
  std::vector<torch::Tensor> params;
  std::vector<std::vector<float>> m, v;

  Adam(std::vector<torch::Tensor> p, double lr_) : lr(lr_), params(std::move(p)) {
    for (auto& t : params) {
      m.emplace_back(std::size_t(t.numel()), 0.f);
      v.emplace_back(std::size_t(t.numel()), 0.f);
    }
  }
  // Global L2 norm of the gradients; scales them to at most `clip` (> 0).
  double clip_gradients(double clip) {
    double sq = 0;
    for (auto& p : params)
      if (p.grad().defined()) sq += p.grad().square().sum().item<double>();
    const double norm = std::sqrt(sq);
    if (clip > 0 && norm > clip) {
      const double k = clip / (norm + 1e-6);
      for (auto& p : params)
        if (p.grad().defined()) p.mutable_grad().mul_(k);
    }
    return norm;
  }
  void update() {
    const AdamStep s = adam_step(lr, b1, b2, eps, ++step);
    for (std::size_t k = 0; k < params.size(); ++k) {
      torch::Tensor& p = params[k];
      const torch::Tensor& g = p.grad();
      if (!g.defined()) continue;
      adam_update(p.data_ptr<float>(), g.contiguous().data_ptr<float>(), m[k].data(), v[k].data(), m[k].size(), s);
      p.mutable_grad() = torch::Tensor();
    }
  }
};

std::uint64_t draw(std::mt19937_64& rng, std::uint64_t n) { return rng() % n; }

void shuffle(std::vector<std::size_t>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[std::size_t(draw(rng, i))]);
}

}  // namespace

void set_vae_threads(int n) { model::set_threads(n); }

struct RhythmVae::Impl {
  std::shared_ptr<Net> net;
};

RhythmVae::RhythmVae(VaeShape shape) : shape_(shape), impl_(std::make_unique<Impl>()) {
  if (shape.steps <= 0 || shape.latent <= 0 || shape.latent > 64) fail_usage("invalid VAE shape");
  if (!(shape.logvar_max >= 0 && shape.logvar_max <= 50)) fail_usage("--logvar-max must be in [0, 50]");
  if (shape.dec_hidden < 1 || shape.dec_hidden > 8192 || shape.dec_branch < 1 || shape.dec_branch > 8192)
    fail_usage("invalid decoder widths");
  impl_->net = std::make_shared<Net>(shape.steps * kClasses, shape.latent, shape.logvar_max, shape.dec_hidden,
                                     shape.dec_branch);
}

RhythmVae::~RhythmVae() = default;

void check_train_options(const TrainOptions& opt) {
  if (opt.batch < 2) fail_usage("--batch must be at least 2 (batch norm)");
  if (opt.epochs < 1) fail_usage("--epochs must be at least 1");
  if (!(opt.holdout >= 0 && opt.holdout < 1)) fail_usage("--holdout must be in [0, 1)");
  if (!(opt.clip >= 0)) fail_usage("--clip must be >= 0");
  if (!(opt.free_bits >= 0 && opt.free_bits <= 100)) fail_usage("--free-bits must be in [0, 100]");
  if (!(opt.lr_final > 0 && opt.lr_final <= 1)) fail_usage("--lr-final must be in (0, 1]");
  if (!(opt.ema >= 0 && opt.ema < 1)) fail_usage("--ema must be in [0, 1)");
  if (!(opt.weight_decay >= 0 && opt.weight_decay <= 1)) fail_usage("--weight-decay must be in [0, 1]");
  if (!(opt.anchor >= 0 && opt.anchor <= 1)) fail_usage("--anchor must be in [0, 1]");
  if (!(opt.anchor_weight >= 0 && opt.anchor_weight <= 1e6)) fail_usage("--anchor-weight must be in [0, 1e6]");
}

TrainReport RhythmVae::train(const std::vector<Pattern>& loops, const TrainOptions& opt,
                             const std::function<void(const EpochRecord&)>& on_epoch) {
  const auto t_start = std::chrono::steady_clock::now();
  // Every step allocates and frees the same few-megabyte activation and
  // gradient buffers; above glibc's mmap threshold each one would be a fresh
  // mmap with page faults. Keep them on the heap instead.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
  if (loops.size() < 2) fail_usage("training needs at least 2 loops, got " + std::to_string(loops.size()));
  check_train_options(opt);
  if (!has_encoder_) fail_usage("this model has no encoder (imported decoder): it cannot be trained further");
  TrainReport rep;
  std::mt19937_64 rng(opt.seed);
  std::vector<std::size_t> order(loops.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (opt.has_split_seed) {
    std::mt19937_64 split_rng(opt.split_seed);
    shuffle(order, split_rng);
  } else {
    shuffle(order, rng);
  }
  auto n_hold = std::size_t(std::lround(double(loops.size()) * opt.holdout));
  n_hold = std::min(n_hold, loops.size() - 2);
  rep.heldout_indices.assign(order.begin(), order.begin() + std::ptrdiff_t(n_hold));
  rep.train_indices.assign(order.begin() + std::ptrdiff_t(n_hold), order.end());
  std::vector<Pattern> train_set, held_set;
  for (auto i : rep.train_indices) train_set.push_back(loops[i]);
  for (auto i : rep.heldout_indices) held_set.push_back(loops[i]);
  const Batch data = to_tensors(train_set, shape_.steps);
  const Batch held = held_set.empty() ? Batch{} : to_tensors(held_set, shape_.steps);

  torch::Tensor anchor;  // n_train x latent: each training loop's place on the principal components
  const int anchor_epochs = opt.anchor > 0 ? std::max(1, int(std::lround(opt.anchor * opt.epochs))) : 0;
  if (anchor_epochs > 0 && opt.anchor_weight > 0) {
    const auto pcs = principal_scores(train_set, shape_.latent);
    anchor = torch::empty({std::int64_t(train_set.size()), shape_.latent});
    for (std::size_t i = 0; i < pcs.size(); ++i)
      for (int d = 0; d < shape_.latent; ++d)
        anchor.data_ptr<float>()[std::int64_t(i) * shape_.latent + d] = float(pcs[i][std::size_t(d)]);
  }
  Net& net = *impl_->net;
  Adam adam(net.parameters(), opt.lr);
  // Weight matrices decay (AdamW); biases and batch-norm scales do not.
  std::vector<torch::Tensor> decayed;
  for (auto& p : net.named_parameters())
    if (p.value().dim() == 2) decayed.push_back(p.value());
  // The averaged weights and batch-norm statistics, and the live ones while
  // the averaged are swapped in for evaluation.
  std::vector<torch::Tensor> live, shadow;
  if (opt.ema > 0) {
    torch::NoGradGuard ng;
    for (auto& p : net.parameters()) live.push_back(p);
    for (auto& b : net.named_buffers())
      if (b.value().is_floating_point()) live.push_back(b.value());
    for (auto& t : live) shadow.push_back(t.detach().clone());
  }
  auto swap_in_average = [&] {
    torch::NoGradGuard ng;
    for (std::size_t k = 0; k < live.size(); ++k) {
      auto tmp = live[k].detach().clone();
      live[k].detach().copy_(shadow[k]);
      shadow[k].copy_(tmp);
    }
  };
  const std::size_t n_train = train_set.size();
  rep.examples_per_epoch = std::max<std::size_t>(n_train, std::size_t(std::max(0, opt.min_examples)));
  std::vector<std::size_t> epoch_order(n_train);
  std::vector<std::int64_t> idx_buf;
  int best_epoch = 0;
  double best_loss = 0;
  std::vector<NamedTensor> best;
  for (int epoch = 1; epoch <= opt.epochs; ++epoch) {
    EpochRecord rec;
    rec.epoch = epoch;
    rec.beta = opt.warmup_epochs > 0 ? opt.beta * std::min(1.0, double(epoch - 1) / opt.warmup_epochs) : opt.beta;
    const double anchor_w = anchor.defined() && epoch <= anchor_epochs
                                ? opt.anchor_weight * (1.0 - double(epoch - 1) / anchor_epochs)
                                : 0.0;
    // Linear decay from lr (first epoch) to lr * lr_final (last epoch).
    adam.lr = opt.lr * (opt.epochs > 1 ? 1.0 - (1.0 - opt.lr_final) * double(epoch - 1) / (opt.epochs - 1) : 1.0);
    // Every training loop once, then draws with replacement up to the minimum.
    for (std::size_t i = 0; i < n_train; ++i) epoch_order[i] = i;
    shuffle(epoch_order, rng);
    std::vector<std::size_t> picks = epoch_order;
    while (picks.size() < rep.examples_per_epoch) picks.push_back(std::size_t(draw(rng, n_train)));
    net.train();
    double seen = 0;
    for (std::size_t b0 = 0; b0 < picks.size(); b0 += std::size_t(opt.batch)) {
      const std::size_t b1 = std::min(picks.size(), b0 + std::size_t(opt.batch));
      if (b1 - b0 < 2) break;  // batch norm needs two examples
      idx_buf.assign(picks.begin() + std::ptrdiff_t(b0), picks.begin() + std::ptrdiff_t(b1));
      auto idx = torch::from_blob(idx_buf.data(), {std::int64_t(idx_buf.size())}, torch::kLong);
      Batch x{data.on.index_select(0, idx), data.vel.index_select(0, idx), data.off.index_select(0, idx)};
      auto [mu, logvar] = net.encode(x.on, x.vel, x.off);
      auto z = mu + torch::exp(0.5 * logvar) * torch::randn_like(mu);
      auto [logits, vel, off] = net.decode(z);
      torch::Tensor kl_obj;
      Losses l = losses(logits, vel, off, mu, logvar, x, opt.free_bits, &kl_obj);
      auto recon = l.onset + opt.velocity_weight * l.velocity + opt.offset_weight * l.offset;
      auto objective = recon + rec.beta * kl_obj;
      if (anchor_w > 0)
        objective = objective + anchor_w * (mu - anchor.index_select(0, idx)).square().sum() / double(idx_buf.size());
      auto total = recon + rec.beta * l.kl;  // reported: the original's loss
      objective.backward();
      rec.grad_norm = std::max(rec.grad_norm, adam.clip_gradients(opt.clip));
      if (opt.weight_decay > 0) {
        torch::NoGradGuard ng;
        for (auto& w : decayed) w.mul_(1 - adam.lr * opt.weight_decay);
      }
      adam.update();
      if (opt.ema > 0) {
        torch::NoGradGuard ng;
        const double d = std::min(opt.ema, (1.0 + double(adam.step)) / (10.0 + double(adam.step)));
        for (std::size_t k = 0; k < live.size(); ++k) shadow[k].mul_(d).add_(live[k].detach(), 1 - d);
      }
      const double nb = double(b1 - b0);
      seen += nb;
      rec.loss += total.item<double>() * nb;
      rec.onset += l.onset.item<double>() * nb;
      rec.velocity += l.velocity.item<double>() * nb;
      rec.offset += l.offset.item<double>() * nb;
      rec.kl += l.kl.item<double>() * nb;
    }
    if (seen > 0) {
      rec.loss /= seen;
      rec.onset /= seen;
      rec.velocity /= seen;
      rec.offset /= seen;
      rec.kl /= seen;
    }
    if (opt.ema > 0) swap_in_average();  // evaluate and keep the averaged weights
    if (opt.full_bn_stats) net.set_bn_stats(data.on, data.vel, data.off);
    if (!held_set.empty()) {
      net.eval();
      c10::InferenceMode guard;
      auto [mu, logvar] = net.encode(held.on, held.vel, held.off);
      auto [logits, vel, off] = net.decode(mu);
      Losses l = losses(logits, vel, off, mu, logvar, held);
      rec.has_heldout = true;
      rec.heldout_loss = (l.onset + opt.velocity_weight * l.velocity + opt.offset_weight * l.offset + rec.beta * l.kl)
                             .item<double>();
      auto prob = torch::sigmoid(logits).contiguous();
      Accuracy acc;
      acc.add(held.on.data_ptr<float>(), held.vel.data_ptr<float>(), held.off.data_ptr<float>(), prob.data_ptr<float>(),
              vel.contiguous().data_ptr<float>(), off.contiguous().data_ptr<float>(), std::size_t(held.on.numel()));
      rec.heldout_f1 = acc.f1();
      rec.heldout_velocity_mae = acc.velocity_mae();
      rec.heldout_timing_mae = acc.offset_mae();
    }
    rep.history.push_back(rec);
    if (opt.keep_best && rec.has_heldout && epoch > opt.warmup_epochs && std::isfinite(rec.heldout_loss) &&
        (best_epoch == 0 || rec.heldout_loss < best_loss)) {
      best_epoch = epoch;
      best_loss = rec.heldout_loss;
      best = weights();
    }
    if (opt.ema > 0 && epoch < opt.epochs) swap_in_average();  // back to the live weights
    if (on_epoch) on_epoch(rec);
  }
  rep.kept_epoch = opt.epochs;
  if (best_epoch > 0 && best_epoch != opt.epochs) {
    load_weights(best, "(best epoch)");
    rep.kept_epoch = best_epoch;
  }
  net.eval();
  rep.train = evaluate(train_set);
  if (!held_set.empty()) rep.heldout = evaluate(held_set);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  return rep;
}

std::vector<std::vector<float>> RhythmVae::encode(const std::vector<Pattern>& patterns,
                                                  std::vector<std::vector<float>>* logvar_out) const {
  std::vector<std::vector<float>> out;
  if (!has_encoder_)
    fail_usage("this model has only a decoder (imported from M4L.RhythmVAE, which saves only its decoder): it "
               "cannot encode loops; generate, map and --path work");
  if (patterns.empty()) return out;
  Net& net = *impl_->net;
  net.eval();
  c10::InferenceMode guard;
  Batch x = to_tensors(patterns, shape_.steps);
  auto [mu, logvar] = net.encode(x.on, x.vel, x.off);
  mu = mu.contiguous();
  logvar = logvar.contiguous();
  for (std::int64_t i = 0; i < mu.size(0); ++i) {
    out.emplace_back(mu.data_ptr<float>() + i * shape_.latent, mu.data_ptr<float>() + (i + 1) * shape_.latent);
    if (logvar_out)
      logvar_out->emplace_back(logvar.data_ptr<float>() + i * shape_.latent,
                               logvar.data_ptr<float>() + (i + 1) * shape_.latent);
  }
  return out;
}

std::vector<Pattern> RhythmVae::decode(const std::vector<std::vector<float>>& zs) const {
  std::vector<Pattern> out;
  if (zs.empty()) return out;
  Net& net = *impl_->net;
  net.eval();
  c10::InferenceMode guard;
  auto z = torch::empty({std::int64_t(zs.size()), shape_.latent});
  for (std::size_t i = 0; i < zs.size(); ++i) {
    if (zs[i].size() != std::size_t(shape_.latent))
      fail_usage("latent position with " + std::to_string(zs[i].size()) + " values, the model has " +
                 std::to_string(shape_.latent) + " dimensions");
    std::copy(zs[i].begin(), zs[i].end(), z.data_ptr<float>() + std::int64_t(i) * shape_.latent);
  }
  auto [logits, vel, off] = net.decode(z);
  auto prob = torch::sigmoid(logits).contiguous();
  vel = vel.contiguous();
  off = off.contiguous();
  const std::int64_t cells = std::int64_t(shape_.steps) * kClasses;
  for (std::size_t i = 0; i < zs.size(); ++i) {
    Pattern p(shape_.steps);
    const std::int64_t o = std::int64_t(i) * cells;
    std::copy(prob.data_ptr<float>() + o, prob.data_ptr<float>() + o + cells, p.onset.begin());
    std::copy(vel.data_ptr<float>() + o, vel.data_ptr<float>() + o + cells, p.velocity.begin());
    std::copy(off.data_ptr<float>() + o, off.data_ptr<float>() + o + cells, p.offset.begin());
    out.push_back(std::move(p));
  }
  return out;
}

Metrics RhythmVae::evaluate(const std::vector<Pattern>& patterns) const {
  Metrics m;
  m.loops = patterns.size();
  if (patterns.empty()) return m;
  auto dec = decode(encode(patterns));
  Accuracy acc;
  for (std::size_t i = 0; i < patterns.size(); ++i)
    acc.add(patterns[i].onset.data(), patterns[i].velocity.data(), patterns[i].offset.data(), dec[i].onset.data(),
            dec[i].velocity.data(), dec[i].offset.data(), patterns[i].cells());
  m.onset_f1 = acc.f1();
  m.velocity_mae = acc.velocity_mae();
  m.timing_mae = acc.offset_mae();
  return m;
}

std::vector<NamedTensor> RhythmVae::weights() const {
  std::vector<NamedTensor> out;
  auto add = [&](const std::string& name, const torch::Tensor& t) {
    NamedTensor n;
    n.name = name;
    for (auto d : t.sizes()) n.shape.push_back(d);
    auto c = t.detach().to(torch::kFloat).contiguous();
    n.data.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    out.push_back(std::move(n));
  };
  for (const auto& p : impl_->net->named_parameters()) add(p.key(), p.value());
  for (const auto& b : impl_->net->named_buffers())
    if (b.key().find("num_batches_tracked") == std::string::npos) add(b.key(), b.value());
  return out;
}

void RhythmVae::load_weights(const std::vector<NamedTensor>& tensors, const std::string& file, bool decoder_only) {
  std::map<std::string, const NamedTensor*> by_name;
  for (const auto& t : tensors) by_name[t.name] = &t;
  torch::NoGradGuard ng;
  auto load = [&](const std::string& name, torch::Tensor& dst) {
    auto it = by_name.find(name);
    if (it == by_name.end()) fail_input(file, "tensor '" + name + "' is missing");
    std::vector<std::int64_t> shape(dst.sizes().begin(), dst.sizes().end());
    if (it->second->shape != shape) fail_input(file, "tensor '" + name + "' has the wrong shape");
    for (float v : it->second->data)
      if (!std::isfinite(v)) fail_input(file, "tensor '" + name + "' holds NaN or infinite values");
    if (!it->second->data.empty()) std::copy(it->second->data.begin(), it->second->data.end(), dst.data_ptr<float>());
  };
  auto wanted = [&](const std::string& key) {
    if (key.find("num_batches_tracked") != std::string::npos) return false;
    return !decoder_only || key.rfind("dec_", 0) == 0 || key.rfind("out_", 0) == 0;
  };
  for (auto& p : impl_->net->named_parameters())
    if (wanted(p.key())) load(p.key(), p.value());
  for (auto& b : impl_->net->named_buffers())
    if (wanted(b.key())) load(b.key(), b.value());
  has_encoder_ = !decoder_only;
}

LatentCheck check_latent(const RhythmVae& vae, const std::vector<Pattern>& loops, double range, int steps) {
  LatentCheck c;
  const int latent = vae.shape().latent;
  if (loops.empty() || steps < 2) return c;
  std::vector<std::vector<float>> logvar;
  const auto mu = vae.encode(loops, &logvar);
  const double n = double(loops.size());
  const double dz = 2 * range / (steps - 1);
  for (int d = 0; d < latent; ++d) {
    LatentDimCheck k;
    double s = 0, s2 = 0, lv = 0;
    for (std::size_t i = 0; i < loops.size(); ++i) {
      s += mu[i][std::size_t(d)];
      s2 += double(mu[i][std::size_t(d)]) * mu[i][std::size_t(d)];
      lv += logvar[i][std::size_t(d)];
    }
    k.spread = std::sqrt(std::max(0.0, s2 / n - (s / n) * (s / n)));
    k.mean_logvar = lv / n;
    // Sweep dimension d through every loop's mean.
    std::vector<std::vector<float>> zs;
    for (std::size_t i = 0; i < loops.size(); ++i)
      for (int t = 0; t < steps; ++t) {
        auto z = mu[i];
        z[std::size_t(d)] = float(-range + dz * t);
        zs.push_back(z);
      }
    const auto dec = vae.decode(zs);
    double change = 0;
    for (std::size_t i = 0; i < loops.size(); ++i)
      for (int t = 1; t < steps; ++t) {
        const auto& a = dec[i * std::size_t(steps) + std::size_t(t) - 1].onset;
        const auto& b = dec[i * std::size_t(steps) + std::size_t(t)].onset;
        for (std::size_t j = 0; j < a.size(); ++j) change += std::fabs(double(b[j]) - a[j]);
      }
    k.variation = change / (n * (steps - 1) * dz);
    c.dims.push_back(k);
  }
  double lo = c.dims[0].variation, hi = lo;
  for (const auto& k : c.dims) {
    lo = std::min(lo, k.variation);
    hi = std::max(hi, k.variation);
  }
  c.variation_ratio = lo > 0 ? hi / lo : (hi > 0 ? INFINITY : 1);
  char buf[200];
  for (int d = 0; d < latent; ++d) {
    const auto& k = c.dims[std::size_t(d)];
    if (!(k.spread > LatentCheck::kMinSpread)) {
      std::snprintf(buf, sizeof buf, "z%d: the loops' means spread only %.2f (want > %.1f)", d + 1, k.spread,
                    LatentCheck::kMinSpread);
      c.problems.push_back(buf);
    }
    if (!(k.mean_logvar < LatentCheck::kMaxLogvar)) {
      std::snprintf(buf, sizeof buf, "z%d: mean log-variance %.2f (want < %.0f): the encoder ignores it", d + 1,
                    k.mean_logvar, LatentCheck::kMaxLogvar);
      c.problems.push_back(buf);
    }
  }
  if (latent > 1 && !(c.variation_ratio <= LatentCheck::kMaxRatio)) {
    std::snprintf(buf, sizeof buf, "the decoded loops change %.1f times more along one axis than along another (want <= %.0f)",
                  c.variation_ratio, LatentCheck::kMaxRatio);
    c.problems.push_back(buf);
  }
  return c;
}

}  // namespace lw::rhythm
