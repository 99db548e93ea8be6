// Benchmark (not a test): training time of the explorer MLP for 200 pairs x
// 1000 epochs with LibTorch at 1 and 2 threads, against a hand-written C++
// loop of the same algorithm (same init, batches, SGD with momentum, MSE), to
// know what LibTorch's per-operation overhead costs on a tiny network.
// Run by tests/bench/lw-train-explorer-bench.sh.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "explorer/train.hpp"
#include "model/torch_runtime.hpp"

using namespace lw::explorer;

namespace {

Dataset learnable(std::size_t n) {
  std::vector<std::string> names{"ambitus", "density", "loudness", "centroid", "spread",
                                 "skewness", "kurtosis", "rolloff", "flatness", "crest"};
  Dataset d = make_dataset(names, default_outputs());
  std::mt19937_64 gen(1);
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < n; ++i) {
    Pair p;
    for (int k = 0; k < 10; ++k) p.in.push_back(static_cast<double>(gen() >> 11) / 9007199254740992.0);
    double a = p.in[2], b = p.in[3];
    p.out = {-3 + 6 * a, -3 + 6 * b, a + b, 10000 * (1 - a)};
    pairs.push_back(p);
  }
  add_pairs(d, pairs, "bench");
  return d;
}

double dact(Activation a, double y) {  // derivative from the activation's output
  switch (a) {
    case Activation::Identity: return 1;
    case Activation::Sigmoid: return y * (1 - y);
    case Activation::Relu: return y > 0 ? 1 : 0;
    case Activation::Tanh: return 1 - y * y;
  }
  return 1;
}

// Plain C++ mini-batch SGD with momentum (torch's update rule: v = m v + g,
// p -= lr v) on the same network, pairs and batch order as train().
double train_plain(Mlp& m, const std::vector<std::vector<double>>& xs, const std::vector<std::vector<double>>& ys,
                   const TrainOptions& opt) {
  std::mt19937_64 gen(opt.seed);
  std::vector<std::vector<double>> vw, vb;
  for (const auto& l : m.layers) {
    vw.emplace_back(l.weights.size(), 0.0);
    vb.emplace_back(l.biases.size(), 0.0);
  }
  const std::size_t n = xs.size(), L = m.layers.size();
  std::vector<std::size_t> perm(n);
  for (std::size_t i = 0; i < n; ++i) perm[i] = i;
  std::vector<std::vector<double>> gw(L), gb(L);
  double last = 0;
  for (int e = 0; e < opt.epochs; ++e) {
    for (std::size_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[gen() % i]);
    last = 0;
    for (std::size_t s = 0; s < n; s += opt.batch) {
      std::size_t len = std::min(opt.batch, n - s);
      for (std::size_t l = 0; l < L; ++l) {
        gw[l].assign(m.layers[l].weights.size(), 0.0);
        gb[l].assign(m.layers[l].biases.size(), 0.0);
      }
      for (std::size_t k = 0; k < len; ++k) {
        const auto& x = xs[perm[s + k]];
        const auto& t = ys[perm[s + k]];
        std::vector<std::vector<double>> acts{x};
        for (const auto& l : m.layers) {
          std::vector<double> y(l.biases);
          for (std::size_t r = 0; r < l.rows; ++r)
            for (std::size_t c = 0; c < l.cols; ++c) y[c] += acts.back()[r] * l.w(r, c);
          for (double& v : y) v = activate(l.activation, v);
          acts.push_back(std::move(y));
        }
        const auto& y = acts.back();
        std::vector<double> delta(y.size());
        for (std::size_t c = 0; c < y.size(); ++c) {
          double diff = y[c] - t[c];
          last += diff * diff;
          delta[c] = 2 * diff / static_cast<double>(len * y.size());
        }
        for (std::size_t l = L; l-- > 0;) {
          const Layer& ly = m.layers[l];
          for (std::size_t c = 0; c < ly.cols; ++c) delta[c] *= dact(ly.activation, acts[l + 1][c]);
          std::vector<double> prev(ly.rows, 0.0);
          for (std::size_t r = 0; r < ly.rows; ++r)
            for (std::size_t c = 0; c < ly.cols; ++c) {
              gw[l][r * ly.cols + c] += acts[l][r] * delta[c];
              prev[r] += ly.w(r, c) * delta[c];
            }
          for (std::size_t c = 0; c < ly.cols; ++c) gb[l][c] += delta[c];
          delta.swap(prev);
        }
      }
      for (std::size_t l = 0; l < L; ++l) {
        Layer& ly = m.layers[l];
        for (std::size_t i = 0; i < ly.weights.size(); ++i) {
          vw[l][i] = opt.momentum * vw[l][i] + gw[l][i];
          ly.weights[i] -= opt.lr * vw[l][i];
        }
        for (std::size_t i = 0; i < ly.biases.size(); ++i) {
          vb[l][i] = opt.momentum * vb[l][i] + gb[l][i];
          ly.biases[i] -= opt.lr * vb[l][i];
        }
      }
    }
  }
  return last / static_cast<double>(n * ys[0].size());
}

template <class F>
double seconds(F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  Dataset d = learnable(200);
  TrainOptions opt;
  opt.epochs = 1000;
  opt.validation = 0;  // all 200 pairs train
  opt.seed = 1;
  for (int threads : {1, 2}) {
    lw::model::set_threads(threads);
    TrainResult r;
    double t = seconds([&] { r = train(d, opt, std::nullopt); });
    std::printf("libtorch  threads=%d  200 pairs x 1000 epochs (batch 50, hidden 3,3): %.3f s  loss %.6f\n", threads,
                t, r.train_loss);
  }
  // The same network and data for the hand-written loop (epochs of 0 give the initial weights).
  TrainOptions init = opt;
  init.epochs = 0;
  Mlp m = train(d, init, std::nullopt).model;
  std::vector<std::vector<double>> xs, ys;
  for (const auto& p : d.pairs) {
    std::vector<double> x, y;
    for (std::size_t i = 0; i < p.in.size(); ++i) x.push_back(to_unit(m.inputs[i], p.in[i]));
    for (std::size_t i = 0; i < p.out.size(); ++i) y.push_back(to_unit(m.outputs[i], p.out[i]));
    xs.push_back(x);
    ys.push_back(y);
  }
  double loss = 0;
  double t = seconds([&] { loss = train_plain(m, xs, ys, opt); });
  std::printf("plain C++ threads=1  200 pairs x 1000 epochs (same algorithm):        %.3f s  last-epoch loss %.6f\n",
              t, loss);
  return 0;
}
