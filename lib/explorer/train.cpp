#include "explorer/train.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.hpp"

namespace lw::explorer {

namespace {

// std::mt19937_64's sequence is fixed by the standard; the distributions of
// <random> are not, so uniform values and shuffles are derived here.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed) {}
  double uniform(double lo, double hi) {
    double u = static_cast<double>(gen_() >> 11) * (1.0 / 9007199254740992.0);  // [0, 1)
    return lo + (hi - lo) * u;
  }
  void shuffle(std::vector<std::int64_t>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[gen_() % i]);
  }

 private:
  std::mt19937_64 gen_;
};

torch::Tensor act(Activation a, const torch::Tensor& x) {
  switch (a) {
    case Activation::Identity: return x;
    case Activation::Sigmoid: return torch::sigmoid(x);
    case Activation::Relu: return torch::relu(x);
    case Activation::Tanh: return torch::tanh(x);
  }
  return x;
}

struct Net {
  std::vector<torch::Tensor> w, b;
  std::vector<Activation> a;
  torch::Tensor forward(torch::Tensor h) const {
    for (std::size_t i = 0; i < w.size(); ++i) h = act(a[i], torch::addmm(b[i], h, w[i]));
    return h;
  }
};

torch::Tensor rows_tensor(const std::vector<std::vector<double>>& rows, std::size_t cols) {
  auto t = torch::empty({static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(cols)},
                        torch::kFloat64);
  auto acc = t.accessor<double, 2>();
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < cols; ++c) acc[static_cast<std::int64_t>(r)][static_cast<std::int64_t>(c)] = rows[r][c];
  return t;
}

}  // namespace

std::vector<Channel> input_ranges(const Dataset& d) {
  std::vector<Channel> out;
  for (std::size_t i = 0; i < d.inputs.size(); ++i) {
    Channel c{d.inputs[i], 0, 0};
    for (std::size_t p = 0; p < d.pairs.size(); ++p) {
      double v = d.pairs[p].in[i];
      if (p == 0 || v < c.min) c.min = v;
      if (p == 0 || v > c.max) c.max = v;
    }
    out.push_back(c);
  }
  return out;
}

TrainResult train(const Dataset& d, const TrainOptions& opt, const std::optional<Mlp>& start,
                  const EpochCallback& on_epoch) {
  if (d.pairs.empty())
    fail_usage("the dataset has no pairs; add some with 'lw-train-explorer add' before training");
  if (opt.epochs < 0) fail_usage("--epochs must be >= 0");
  if (!(opt.lr > 0) || !std::isfinite(opt.lr)) fail_usage("--lr must be a positive number");
  if (!(opt.momentum >= 0 && opt.momentum < 1)) fail_usage("--momentum must be in [0, 1)");
  if (opt.batch < 1) fail_usage("--batch must be >= 1");
  if (!(opt.validation >= 0 && opt.validation < 1)) fail_usage("--validation must be in [0, 1)");

  Rng rng(opt.seed);
  Mlp model;
  if (start) {
    model = *start;
    if (model.bare())
      fail_usage("--continue needs a latentwalk model (with input and output names), not a bare FluCoMa dump");
    const std::string dp = d.preset.empty() ? "latentwalk" : d.preset;
    if (!model.preset.empty() && model.preset != dp)
      fail_usage("the model was trained on --preset " + model.preset + " features, the dataset holds --preset " + dp +
                 " features");
    if (!model.settings.empty() && !d.settings.empty() && model.settings != d.settings)
      fail_usage("the model's feature settings " + model.settings + " differ from the dataset's " + d.settings);
    if (model.inputs.size() != d.inputs.size() || model.outputs.size() != d.outputs.size())
      fail_usage("the model has " + std::to_string(model.inputs.size()) + " inputs and " +
                 std::to_string(model.outputs.size()) + " outputs; the dataset has " +
                 std::to_string(d.inputs.size()) + " and " + std::to_string(d.outputs.size()));
    for (std::size_t i = 0; i < d.inputs.size(); ++i)
      if (model.inputs[i].name != d.inputs[i])
        fail_usage("model input " + std::to_string(i + 1) + " is '" + model.inputs[i].name + "', the dataset's is '" +
                   d.inputs[i] + "'");
    for (std::size_t i = 0; i < d.outputs.size(); ++i)
      if (model.outputs[i].name != d.outputs[i].name)
        fail_usage("model output " + std::to_string(i + 1) + " is '" + model.outputs[i].name +
                   "', the dataset's is '" + d.outputs[i].name + "'");
  } else {
    model = make_mlp(d.inputs.size(), opt.hidden, d.outputs.size(), opt.activation, opt.output_activation);
    model.inputs = input_ranges(d);
    if (opt.unit_inputs)
      for (Channel& c : model.inputs) c.min = 0, c.max = 1;
    model.outputs = d.outputs;
    // Glorot & Bengio (2010), "Understanding the difficulty of training deep
    // feedforward neural networks": U(-a, a), a = sqrt(6 / (fan_in + fan_out)).
    for (Layer& l : model.layers) {
      double a = std::sqrt(6.0 / static_cast<double>(l.rows + l.cols));
      for (double& v : l.weights) v = rng.uniform(-a, a);
    }
  }

  // Scaled data.
  const std::size_t n = d.pairs.size(), nin = d.inputs.size(), nout = d.outputs.size();
  std::vector<std::vector<double>> xs(n, std::vector<double>(nin)), ys(n, std::vector<double>(nout));
  for (std::size_t p = 0; p < n; ++p) {
    for (std::size_t i = 0; i < nin; ++i) xs[p][i] = to_unit(model.inputs[i], d.pairs[p].in[i]);
    for (std::size_t o = 0; o < nout; ++o) ys[p][o] = to_unit(model.outputs[o], d.pairs[p].out[o]);
  }
  torch::Tensor X = rows_tensor(xs, nin), Y = rows_tensor(ys, nout);

  // Held-out pairs: a seeded shuffle, at least one pair left for training.
  std::vector<std::int64_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::int64_t>(i);
  rng.shuffle(order);
  std::size_t nval = static_cast<std::size_t>(std::floor(static_cast<double>(n) * opt.validation));
  nval = std::min(nval, n - 1);
  std::vector<std::int64_t> val_idx(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(nval));
  std::vector<std::int64_t> train_idx(order.begin() + static_cast<std::ptrdiff_t>(nval), order.end());
  std::sort(val_idx.begin(), val_idx.end());
  std::sort(train_idx.begin(), train_idx.end());
  auto index_tensor = [](const std::vector<std::int64_t>& v) {
    return torch::from_blob(const_cast<std::int64_t*>(v.data()), {static_cast<std::int64_t>(v.size())}, torch::kInt64)
        .clone();
  };
  torch::Tensor Xt = X.index_select(0, index_tensor(train_idx)), Yt = Y.index_select(0, index_tensor(train_idx));

  Net net;
  for (const Layer& l : model.layers) {
    auto w = torch::empty({static_cast<std::int64_t>(l.rows), static_cast<std::int64_t>(l.cols)}, torch::kFloat64);
    std::copy(l.weights.begin(), l.weights.end(), w.data_ptr<double>());
    auto b = torch::empty({static_cast<std::int64_t>(l.cols)}, torch::kFloat64);
    std::copy(l.biases.begin(), l.biases.end(), b.data_ptr<double>());
    net.w.push_back(w.set_requires_grad(true));
    net.b.push_back(b.set_requires_grad(true));
    net.a.push_back(l.activation);
  }
  std::vector<torch::Tensor> params;
  for (std::size_t i = 0; i < net.w.size(); ++i) {
    params.push_back(net.w[i]);
    params.push_back(net.b[i]);
  }
  torch::optim::SGD sgd(params, torch::optim::SGDOptions(opt.lr).momentum(opt.momentum));

  const std::size_t ntrain = train_idx.size();
  const std::size_t batch = std::min(opt.batch, ntrain);
  std::vector<std::int64_t> perm(ntrain);
  for (std::size_t i = 0; i < ntrain; ++i) perm[i] = static_cast<std::int64_t>(i);
  for (int e = 0; e < opt.epochs; ++e) {
    rng.shuffle(perm);
    double sum = 0;
    for (std::size_t s = 0; s < ntrain; s += batch) {
      std::size_t len = std::min(batch, ntrain - s);
      torch::Tensor xb, yb;
      if (len == ntrain) {
        xb = Xt;
        yb = Yt;
      } else {
        auto idx = torch::from_blob(perm.data() + s, {static_cast<std::int64_t>(len)}, torch::kInt64);
        xb = Xt.index_select(0, idx);
        yb = Yt.index_select(0, idx);
      }
      sgd.zero_grad();
      torch::Tensor loss = torch::mse_loss(net.forward(xb), yb);
      loss.backward();
      sgd.step();
      sum += loss.item<double>() * static_cast<double>(len);
    }
    if (!std::isfinite(sum)) fail_usage("training diverged at epoch " + std::to_string(e + 1) +
                                        " (the loss is not finite); try a smaller --lr");
    if (on_epoch) on_epoch(e + 1, sum / static_cast<double>(ntrain));
  }

  TrainResult r;
  {
    torch::NoGradGuard no_grad;
    r.train_loss = torch::mse_loss(net.forward(Xt), Yt).item<double>();
    if (nval > 0) {
      auto vi = index_tensor(val_idx);
      r.validation_loss = torch::mse_loss(net.forward(X.index_select(0, vi)), Y.index_select(0, vi)).item<double>();
    }
  }
  for (std::size_t i = 0; i < model.layers.size(); ++i) {
    Layer& l = model.layers[i];
    auto w = net.w[i].detach().contiguous();
    auto b = net.b[i].detach().contiguous();
    std::copy(w.data_ptr<double>(), w.data_ptr<double>() + w.numel(), l.weights.begin());
    std::copy(b.data_ptr<double>(), b.data_ptr<double>() + b.numel(), l.biases.begin());
    for (double v : l.weights)
      if (!std::isfinite(v)) fail_usage("training diverged (weights are not finite); try a smaller --lr");
  }
  r.model = std::move(model);
  r.model.preset = d.preset.empty() ? "latentwalk" : d.preset;
  r.model.settings = d.settings;
  r.train_pairs = ntrain;
  r.validation_pairs = nval;
  return r;
}

}  // namespace lw::explorer
