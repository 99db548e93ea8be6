// The explorer network: a multilayer perceptron in FluCoMa's MLP JSON layout
// (fluid.mlpregressor~ "write"/"dump"), evaluated in plain C++ so prediction
// needs no LibTorch.
//
//   {"layers":[{"activation":A,"biases":[..cols..],"cols":C,"rows":R,
//               "weights":[[..C..] x R]}, ...]}
//   activation: 0 identity, 1 sigmoid, 2 relu, 3 tanh; y = act(x W + b),
//   W has rows = inputs and cols = outputs.
//
// latentwalk adds fields a FluCoMa reader ignores: "format"/"version", the
// input names with the ranges that map them to [0, 1], and the output names
// with the ranges that [0, 1] maps back to. A bare FluCoMa dump has none:
// its inputs are taken as already in [0, 1] and its outputs stay in [0, 1].
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace lw::explorer {

enum class Activation : int { Identity = 0, Sigmoid = 1, Relu = 2, Tanh = 3 };

// "identity|sigmoid|relu|tanh" <-> enum. parse throws Exit::BadInput naming `option`.
Activation parse_activation(const std::string& name, const std::string& option);
std::string activation_name(Activation a);
double activate(Activation a, double v);

struct Layer {
  Activation activation = Activation::Sigmoid;
  std::size_t rows = 0;          // inputs
  std::size_t cols = 0;          // outputs
  std::vector<double> weights;   // rows x cols, row-major
  std::vector<double> biases;    // cols
  double& w(std::size_t r, std::size_t c) { return weights[r * cols + c]; }
  double w(std::size_t r, std::size_t c) const { return weights[r * cols + c]; }
};

// A named value with the range that maps it onto [0, 1].
struct Channel {
  std::string name;
  double min = 0, max = 1;
};

// Maps v in [min, max] onto [0, 1]; a degenerate range maps everything to 0.5.
double to_unit(const Channel& c, double v);
double from_unit(const Channel& c, double u);

struct Mlp {
  std::vector<Layer> layers;
  // Empty for a bare FluCoMa dump (then inputs/outputs are in [0, 1]).
  std::vector<Channel> inputs;
  std::vector<Channel> outputs;
  // Free-form training record kept with the model (epochs, losses, seed, ...).
  nlohmann::json training;
  // The feature preset and settings of the dataset it was trained on
  // ("features": {"preset", "settings"}; empty for a bare FluCoMa dump or an
  // older model).
  std::string preset, settings;

  bool bare() const { return inputs.empty(); }
  std::size_t input_count() const { return layers.empty() ? 0 : layers.front().rows; }
  std::size_t output_count() const { return layers.empty() ? 0 : layers.back().cols; }
};

// A fresh network with the given hidden sizes; weights zero (training initialises them).
Mlp make_mlp(std::size_t inputs, const std::vector<std::size_t>& hidden, std::size_t outputs,
             Activation hidden_activation, Activation output_activation);

// The network alone on [0, 1]-scaled values: y = act(x W + b) layer by layer.
std::vector<double> forward_unit(const Mlp& m, const std::vector<double>& x);
// Inputs in their own units -> outputs in their own units (scaling applied;
// for a bare dump both sides are [0, 1]). Outputs are not clamped.
std::vector<double> predict(const Mlp& m, const std::vector<double>& x);

// Checks layer sizes chain, counts match, values are finite, activations known.
// `path` names the file in messages. Throws Exit::BadInput.
void validate(const Mlp& m, const std::string& path);

// Reads a latentwalk model or a bare FluCoMa dump. Throws Exit::BadInput
// naming the file and the layer/key.
Mlp parse_mlp(const nlohmann::json& doc, const std::string& path);
Mlp read_mlp(const std::string& path);
// With latentwalk fields unless `flucoma_only`.
nlohmann::json mlp_to_json(const Mlp& m, bool flucoma_only = false);
void write_mlp(const std::string& target, const Mlp& m, bool flucoma_only = false);

}  // namespace lw::explorer
