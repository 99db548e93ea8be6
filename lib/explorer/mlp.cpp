#include "explorer/mlp.hpp"

#include <cmath>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"

namespace lw::explorer {

namespace {
const char* const kFormat = "latentwalk.explorer-model";

std::string layer_where(std::size_t i) { return "layer " + std::to_string(i); }

std::size_t get_size(const json& obj, const std::string& key, const std::string& path,
                     const std::string& where) {
  const json& v = get_field(obj, key, path, where);
  if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 100000)
    fail_input(path, where + ": \"" + key + "\" must be a positive integer, got " + v.dump());
  return static_cast<std::size_t>(v.get<long long>());
}

double finite_number(const json& v, const std::string& path, const std::string& where) {
  if (!v.is_number()) fail_input(path, where + " must be a number, got " + v.dump());
  double d = v.get<double>();
  if (!std::isfinite(d)) fail_input(path, where + " is not finite");
  return d;
}

std::vector<Channel> parse_channels(const json& doc, const std::string& key, const std::string& path) {
  const json& arr = get_field(doc, key, path);
  if (!arr.is_array() || arr.empty()) fail_input(path, "\"" + key + "\" must be a non-empty array");
  std::vector<Channel> out;
  for (std::size_t i = 0; i < arr.size(); ++i) {
    std::string where = key + "[" + std::to_string(i) + "]";
    const json& n = get_field(arr[i], "name", path, where);
    if (!n.is_string() || n.get<std::string>().empty())
      fail_input(path, where + ": \"name\" must be a non-empty string");
    Channel c;
    c.name = n.get<std::string>();
    c.min = get_number(arr[i], "min", path, where);
    c.max = get_number(arr[i], "max", path, where);
    if (c.max < c.min) fail_input(path, where + ": \"max\" is below \"min\"");
    out.push_back(c);
  }
  return out;
}

json channels_to_json(const std::vector<Channel>& cs) {
  json arr = json::array();
  for (const auto& c : cs) arr.push_back({{"name", c.name}, {"min", c.min}, {"max", c.max}});
  return arr;
}
}  // namespace

Activation parse_activation(const std::string& name, const std::string& option) {
  if (name == "identity") return Activation::Identity;
  if (name == "sigmoid") return Activation::Sigmoid;
  if (name == "relu") return Activation::Relu;
  if (name == "tanh") return Activation::Tanh;
  fail_usage(option + ": unknown activation '" + name + "'; expected identity, sigmoid, relu or tanh");
}

std::string activation_name(Activation a) {
  switch (a) {
    case Activation::Identity: return "identity";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Relu: return "relu";
    case Activation::Tanh: return "tanh";
  }
  return "?";
}

double activate(Activation a, double v) {
  switch (a) {
    case Activation::Identity: return v;
    case Activation::Sigmoid: return 1.0 / (1.0 + std::exp(-v));
    case Activation::Relu: return v > 0 ? v : 0.0;
    case Activation::Tanh: return std::tanh(v);
  }
  return v;
}

double to_unit(const Channel& c, double v) {
  double span = c.max - c.min;
  return span > 0 ? (v - c.min) / span : 0.5;
}

double from_unit(const Channel& c, double u) { return c.min + u * (c.max - c.min); }

Mlp make_mlp(std::size_t inputs, const std::vector<std::size_t>& hidden, std::size_t outputs,
             Activation hidden_activation, Activation output_activation) {
  Mlp m;
  std::size_t prev = inputs;
  auto add = [&](std::size_t n, Activation a) {
    Layer l;
    l.activation = a;
    l.rows = prev;
    l.cols = n;
    l.weights.assign(prev * n, 0.0);
    l.biases.assign(n, 0.0);
    m.layers.push_back(std::move(l));
    prev = n;
  };
  for (std::size_t h : hidden) add(h, hidden_activation);
  add(outputs, output_activation);
  return m;
}

std::vector<double> forward_unit(const Mlp& m, const std::vector<double>& x) {
  std::vector<double> cur = x, next;
  for (const Layer& l : m.layers) {
    next.assign(l.biases.begin(), l.biases.end());
    for (std::size_t r = 0; r < l.rows; ++r) {
      const double xr = cur[r];
      const double* wr = &l.weights[r * l.cols];
      for (std::size_t c = 0; c < l.cols; ++c) next[c] += xr * wr[c];
    }
    for (double& v : next) v = activate(l.activation, v);
    cur.swap(next);
  }
  return cur;
}

std::vector<double> predict(const Mlp& m, const std::vector<double>& x) {
  if (m.bare()) return forward_unit(m, x);
  std::vector<double> u(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) u[i] = to_unit(m.inputs[i], x[i]);
  std::vector<double> y = forward_unit(m, u);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = from_unit(m.outputs[i], y[i]);
  return y;
}

void validate(const Mlp& m, const std::string& path) {
  if (m.layers.empty()) fail_input(path, "the model has no layers");
  for (std::size_t i = 0; i < m.layers.size(); ++i) {
    const Layer& l = m.layers[i];
    std::string where = layer_where(i);
    if (l.rows == 0 || l.cols == 0) fail_input(path, where + ": rows and cols must be positive");
    if (l.weights.size() != l.rows * l.cols)
      fail_input(path, where + ": " + std::to_string(l.weights.size()) + " weights for " +
                           std::to_string(l.rows) + " rows x " + std::to_string(l.cols) + " cols");
    if (l.biases.size() != l.cols)
      fail_input(path, where + ": " + std::to_string(l.biases.size()) + " biases for " +
                           std::to_string(l.cols) + " cols");
    if (i > 0 && l.rows != m.layers[i - 1].cols)
      fail_input(path, where + " has " + std::to_string(l.rows) + " rows (inputs) but " +
                           layer_where(i - 1) + " has " + std::to_string(m.layers[i - 1].cols) +
                           " cols (outputs); layer sizes must chain");
    for (double v : l.weights)
      if (!std::isfinite(v)) fail_input(path, where + ": a weight is not finite");
    for (double v : l.biases)
      if (!std::isfinite(v)) fail_input(path, where + ": a bias is not finite");
  }
  if (!m.bare()) {
    if (m.inputs.size() != m.input_count())
      fail_input(path, std::to_string(m.inputs.size()) + " input names but the first layer has " +
                           std::to_string(m.input_count()) + " rows");
    if (m.outputs.size() != m.output_count())
      fail_input(path, std::to_string(m.outputs.size()) + " output names but the last layer has " +
                           std::to_string(m.output_count()) + " cols");
  }
}

Mlp parse_mlp(const json& doc, const std::string& path) {
  if (!doc.is_object()) fail_input(path, "expected a JSON object with \"layers\" (an MLP model)");
  Mlp m;
  const bool ours = doc.contains("format");
  if (ours) check_format(doc, path, kFormat);
  const json& layers = get_field(doc, "layers", path);
  if (!layers.is_array()) fail_input(path, "\"layers\" must be an array");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const json& lj = layers[i];
    std::string where = layer_where(i);
    Layer l;
    const json& a = get_field(lj, "activation", path, where);
    if (!a.is_number_integer() || a.get<long long>() < 0 || a.get<long long>() > 3)
      fail_input(path, where + ": \"activation\" must be 0 (identity), 1 (sigmoid), 2 (relu) or 3 (tanh), got " +
                           a.dump());
    l.activation = static_cast<Activation>(a.get<int>());
    l.rows = get_size(lj, "rows", path, where);
    l.cols = get_size(lj, "cols", path, where);
    const json& w = get_field(lj, "weights", path, where);
    if (!w.is_array() || w.size() != l.rows)
      fail_input(path, where + ": \"weights\" must be an array of " + std::to_string(l.rows) + " rows");
    l.weights.reserve(l.rows * l.cols);
    for (std::size_t r = 0; r < l.rows; ++r) {
      if (!w[r].is_array() || w[r].size() != l.cols)
        fail_input(path, where + ": weights row " + std::to_string(r) + " must hold " + std::to_string(l.cols) +
                             " numbers");
      for (std::size_t c = 0; c < l.cols; ++c)
        l.weights.push_back(finite_number(w[r][c], path,
                                          where + ": weights[" + std::to_string(r) + "][" + std::to_string(c) + "]"));
    }
    const json& b = get_field(lj, "biases", path, where);
    if (!b.is_array() || b.size() != l.cols)
      fail_input(path, where + ": \"biases\" must be an array of " + std::to_string(l.cols) + " numbers");
    for (std::size_t c = 0; c < l.cols; ++c)
      l.biases.push_back(finite_number(b[c], path, where + ": biases[" + std::to_string(c) + "]"));
    m.layers.push_back(std::move(l));
  }
  if (ours) {
    m.inputs = parse_channels(doc, "inputs", path);
    m.outputs = parse_channels(doc, "outputs", path);
    if (doc.contains("training")) m.training = doc["training"];
    if (doc.contains("features")) {
      const nlohmann::json& f = doc["features"];
      if (!f.is_object() || !f.contains("preset") || !f["preset"].is_string())
        fail_input(path, "\"features\" must be an object with a \"preset\" string");
      m.preset = f["preset"].get<std::string>();
      if (f.contains("settings") && f["settings"].is_object()) m.settings = f["settings"].dump();
    }
  }
  validate(m, path);
  return m;
}

Mlp read_mlp(const std::string& path) { return parse_mlp(read_json_file(path), path); }

json mlp_to_json(const Mlp& m, bool flucoma_only) {
  json doc = json::object();
  if (!flucoma_only && !m.bare()) {
    doc["format"] = kFormat;
    doc["version"] = 1;
    doc["inputs"] = channels_to_json(m.inputs);
    doc["outputs"] = channels_to_json(m.outputs);
    if (!m.training.is_null()) doc["training"] = m.training;
    if (!m.preset.empty()) {
      nlohmann::json f = {{"preset", m.preset}};
      if (!m.settings.empty()) f["settings"] = nlohmann::json::parse(m.settings);
      doc["features"] = std::move(f);
    }
  }
  json layers = json::array();
  for (const Layer& l : m.layers) {
    json w = json::array();
    for (std::size_t r = 0; r < l.rows; ++r)
      w.push_back(std::vector<double>(l.weights.begin() + static_cast<std::ptrdiff_t>(r * l.cols),
                                      l.weights.begin() + static_cast<std::ptrdiff_t>((r + 1) * l.cols)));
    layers.push_back({{"activation", static_cast<int>(l.activation)},
                      {"biases", l.biases},
                      {"cols", l.cols},
                      {"rows", l.rows},
                      {"weights", std::move(w)}});
  }
  doc["layers"] = std::move(layers);
  return doc;
}

void write_mlp(const std::string& target, const Mlp& m, bool flucoma_only) {
  write_file_atomically(target, dump_json(mlp_to_json(m, flucoma_only)));
}

}  // namespace lw::explorer
