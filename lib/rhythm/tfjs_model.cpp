#include "rhythm/tfjs_model.hpp"

#include <cmath>
#include <cstring>
#include <map>

#include "core/error.hpp"
#include "core/json_file.hpp"
#include "rhythm/drum_map.hpp"

namespace lw::rhythm {
namespace {

constexpr const char* kHeads[3] = {"onset", "velocity", "offset"};
constexpr const char* kActivation[3] = {"sigmoid", "sigmoid", "tanh"};

const NamedTensor& find(const std::map<std::string, const NamedTensor*>& by, const std::string& name) {
  auto it = by.find(name);
  if (it == by.end()) fail_internal("model tensor " + name + " missing");
  return *it->second;
}

// Column j of the device's output (class-major) is lw-rhythm's cell perm[j].
std::vector<std::size_t> device_to_ours(int steps) {
  std::vector<std::size_t> perm(std::size_t(steps) * kClasses);
  for (int c = 0; c < kClasses; ++c)
    for (int s = 0; s < steps; ++s) perm[std::size_t(c) * std::size_t(steps) + std::size_t(s)] = std::size_t(s) * kClasses + std::size_t(c);
  return perm;
}

json dense_layer(const std::string& name, int units, const char* activation, const std::string& input) {
  return {{"name", name},
          {"class_name", "Dense"},
          {"config",
           {{"units", units},
            {"activation", activation},
            {"use_bias", true},
            {"kernel_initializer",
             {{"class_name", "VarianceScaling"},
              {"config", {{"scale", 1}, {"mode", "fan_avg"}, {"distribution", "normal"}, {"seed", nullptr}}}}},
            {"bias_initializer", {{"class_name", "Zeros"}, {"config", json::object()}}},
            {"kernel_regularizer", nullptr},
            {"bias_regularizer", nullptr},
            {"activity_regularizer", nullptr},
            {"kernel_constraint", nullptr},
            {"bias_constraint", nullptr},
            {"name", name},
            {"trainable", true}}},
          {"inbound_nodes", json::array({json::array({json::array({input, 0, 0, json::object()})})})}};
}

json bn_layer(const std::string& name, const std::string& input) {
  auto init = [](const char* c) { return json{{"class_name", c}, {"config", json::object()}}; };
  return {{"name", name},
          {"class_name", "BatchNormalization"},
          {"config",
           {{"axis", 1},
            {"momentum", 0.99},
            {"epsilon", 0.001},
            {"center", true},
            {"scale", true},
            {"beta_initializer", init("Zeros")},
            {"gamma_initializer", init("Ones")},
            {"moving_mean_initializer", init("Zeros")},
            {"moving_variance_initializer", init("Ones")},
            {"beta_regularizer", nullptr},
            {"gamma_regularizer", nullptr},
            {"beta_constraint", nullptr},
            {"gamma_constraint", nullptr},
            {"name", name},
            {"trainable", true}}},
          {"inbound_nodes", json::array({json::array({json::array({input, 0, 0, json::object()})})})}};
}

json lrelu_layer(const std::string& name, const std::string& input) {
  return {{"name", name},
          {"class_name", "LeakyReLU"},
          {"config", {{"alpha", 0.3}, {"name", name}, {"trainable", true}}},
          {"inbound_nodes", json::array({json::array({json::array({input, 0, 0, json::object()})})})}};
}

void append(std::string& blob, const std::vector<float>& v) {
  if (!v.empty()) blob.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

// torch [out, in] -> tfjs [in, out], output columns reordered by `perm`
// (identity when empty).
std::vector<float> kernel(const NamedTensor& w, const std::vector<std::size_t>& perm) {
  const auto out = std::size_t(w.shape.at(0)), in = std::size_t(w.shape.at(1));
  std::vector<float> k(in * out);
  for (std::size_t j = 0; j < out; ++j) {
    const std::size_t src = perm.empty() ? j : perm[j];
    for (std::size_t i = 0; i < in; ++i) k[i * out + j] = w.data[src * in + i];
  }
  return k;
}

std::vector<float> permuted(const std::vector<float>& b, const std::vector<std::size_t>& perm) {
  if (perm.empty()) return b;
  std::vector<float> o(b.size());
  for (std::size_t j = 0; j < b.size(); ++j) o[j] = b[perm[j]];
  return o;
}

}  // namespace

TfjsFiles export_rhythmvae(const std::vector<NamedTensor>& tensors, int steps, int latent,
                           const std::string& generated_by) {
  std::map<std::string, const NamedTensor*> by;
  for (const auto& t : tensors) by[t.name] = &t;
  const auto perm = device_to_ours(steps);
  const int hidden = int(find(by, "dec_hidden.weight").shape.at(0));
  json layers = json::array();
  layers.push_back({{"name", "input1"},
                    {"class_name", "InputLayer"},
                    {"config",
                     {{"batch_input_shape", {nullptr, latent}}, {"dtype", "float32"}, {"sparse", false}, {"name", "input1"}}},
                    {"inbound_nodes", json::array()}});
  struct W {
    std::string name;
    std::vector<std::int64_t> shape;
    std::vector<float> data;
  };
  std::vector<W> trainable, moving;
  auto dense = [&](const std::string& tf, const std::string& ours, const std::vector<std::size_t>& p) {
    const NamedTensor& w = find(by, ours + ".weight");
    trainable.push_back({tf + "/kernel", {w.shape.at(1), w.shape.at(0)}, kernel(w, p)});
    trainable.push_back({tf + "/bias", {w.shape.at(0)}, permuted(find(by, ours + ".bias").data, p)});
  };
  auto bn = [&](const std::string& tf, const std::string& ours) {
    const NamedTensor& g = find(by, ours + ".weight");
    trainable.push_back({tf + "/gamma", g.shape, g.data});
    trainable.push_back({tf + "/beta", g.shape, find(by, ours + ".bias").data});
    moving.push_back({tf + "/moving_mean", g.shape, find(by, ours + ".running_mean").data});
    moving.push_back({tf + "/moving_variance", g.shape, find(by, ours + ".running_var").data});
  };
  layers.push_back(dense_layer("dense_Dense1", hidden, "linear", "input1"));
  layers.push_back(bn_layer("batch_normalization_BatchNormalization1", "dense_Dense1"));
  layers.push_back(lrelu_layer("leaky_re_lu_LeakyReLU1", "batch_normalization_BatchNormalization1"));
  dense("dense_Dense1", "dec_hidden", {});
  bn("batch_normalization_BatchNormalization1", "dec_hidden_bn");
  json outputs = json::array();
  for (int h = 0; h < 3; ++h) {
    const std::string d1 = "dense_Dense" + std::to_string(2 + 2 * h), d2 = "dense_Dense" + std::to_string(3 + 2 * h);
    const std::string b = "batch_normalization_BatchNormalization" + std::to_string(2 + h);
    const std::string r = "leaky_re_lu_LeakyReLU" + std::to_string(2 + h);
    const std::string head = kHeads[h];
    const int branch = int(find(by, "dec_" + head + ".weight").shape.at(0));
    layers.push_back(dense_layer(d1, branch, "linear", "leaky_re_lu_LeakyReLU1"));
    layers.push_back(bn_layer(b, d1));
    layers.push_back(lrelu_layer(r, b));
    layers.push_back(dense_layer(d2, steps * kClasses, kActivation[h], r));
    dense(d1, "dec_" + head, {});
    bn(b, "dec_" + head + "_bn");
    dense(d2, "out_" + head, perm);
    outputs.push_back({d2, 0, 0});
  }
  // Trainable weights first, then the moving statistics, as tfjs saves them.
  json specs = json::array();
  std::string blob;
  for (auto* group : {&trainable, &moving})
    for (const auto& w : *group) {
      specs.push_back({{"name", w.name}, {"shape", w.shape}, {"dtype", "float32"}});
      append(blob, w.data);
    }
  json topo = {{"class_name", "Model"},
               {"config",
                {{"name", "decoder"},
                 {"layers", layers},
                 {"input_layers", json::array({json::array({"input1", 0, 0})})},
                 {"output_layers", outputs}}},
               {"keras_version", "tfjs-layers 4.22.0"},
               {"backend", "tensor_flow.js"}};
  json model = {{"modelTopology", topo},
                {"weightsManifest", json::array({{{"paths", {"weights.bin"}}, {"weights", specs}}})},
                {"format", "layers-model"},
                {"generatedBy", generated_by},
                {"convertedBy", nullptr}};
  return {model.dump(), blob};
}

namespace {

struct Reader {
  const json& layers_by_name;
  const std::string& file;
  const json& layer(const std::string& name) const {
    if (!layers_by_name.contains(name)) fail_input(file, "the topology has no layer '" + name + "'");
    return layers_by_name[name];
  }
  // The single input layer name of `l`.
  std::string inbound(const json& l) const {
    const std::string name = l.value("name", std::string("?"));
    const json& in = l.contains("inbound_nodes") ? l["inbound_nodes"] : json();
    if (!in.is_array() || in.size() != 1 || !in[0].is_array() || in[0].size() != 1 || !in[0][0].is_array() ||
        in[0][0].empty() || !in[0][0][0].is_string())
      fail_input(file, "layer '" + name + "' does not have exactly one input (not M4L.RhythmVAE's decoder)");
    return in[0][0][0].get<std::string>();
  }
  const json& expect(const std::string& name, const char* cls) const {
    const json& l = layer(name);
    if (!l.contains("class_name") || l["class_name"] != cls)
      fail_input(file, "layer '" + name + "' is " + (l.contains("class_name") ? l["class_name"].dump() : "?") +
                           ", expected " + cls + " (not M4L.RhythmVAE's decoder)");
    if (!l.contains("config") || !l["config"].is_object()) fail_input(file, "layer '" + name + "' has no config");
    return l;
  }
  int dense_units(const std::string& name, const std::string& activation) const {
    const json& c = expect(name, "Dense")["config"];
    if (!c.contains("units") || !c["units"].is_number_integer() || c["units"].get<int>() < 1)
      fail_input(file, "layer '" + name + "': 'units' must be a positive integer");
    const std::string act = c.contains("activation") && c["activation"].is_string() ? c["activation"].get<std::string>() : "linear";
    if (act != activation)
      fail_input(file, "layer '" + name + "' has activation '" + act + "', M4L.RhythmVAE's decoder has '" + activation + "'");
    if (c.contains("use_bias") && !(c["use_bias"].is_boolean() && c["use_bias"].get<bool>()))
      fail_input(file, "layer '" + name + "' has no bias (M4L.RhythmVAE's layers all have one)");
    return c["units"].get<int>();
  }
  void bn(const std::string& name) const {
    const json& c = expect(name, "BatchNormalization")["config"];
    const double eps = c.contains("epsilon") && c["epsilon"].is_number() ? c["epsilon"].get<double>() : 1e-3;
    if (std::fabs(eps - 1e-3) > 1e-9)
      fail_input(file, "layer '" + name + "': epsilon " + c["epsilon"].dump() + " (lw-rhythm's batch norm uses 0.001)");
    for (const char* k : {"center", "scale"})
      if (c.contains(k) && !(c[k].is_boolean() && c[k].get<bool>()))
        fail_input(file, "layer '" + name + "': '" + k + "' must be true");
    if (c.contains("axis") && !(c["axis"] == 1 || c["axis"] == -1))
      fail_input(file, "layer '" + name + "': axis " + c["axis"].dump() + " (expected 1)");
  }
  void lrelu(const std::string& name) const {
    const json& c = expect(name, "LeakyReLU")["config"];
    const double a = c.contains("alpha") && c["alpha"].is_number() ? c["alpha"].get<double>() : 0.3;
    if (std::fabs(a - 0.3) > 1e-7) fail_input(file, "layer '" + name + "': alpha " + c["alpha"].dump() + " (expected 0.3)");
  }
};

}  // namespace

ImportedDecoder import_rhythmvae(const std::string& text, const std::string& file, const std::string& bin,
                                 const std::string& bin_name) {
  const json doc = parse_json_text(text, file);
  if (!doc.is_object() || !doc.contains("modelTopology") || !doc.contains("weightsManifest"))
    fail_input(file, "not a TensorFlow.js Layers model (no modelTopology and weightsManifest)");
  if (doc.contains("format") && doc["format"] != "layers-model")
    fail_input(file, "format " + doc["format"].dump() + ", expected \"layers-model\"");
  const json& topo = doc["modelTopology"];
  const json& cfg = topo.contains("config") ? topo["config"] : json();
  if (!cfg.is_object() || !cfg.contains("layers") || !cfg["layers"].is_array() || !cfg.contains("output_layers") ||
      !cfg["output_layers"].is_array() || !cfg.contains("input_layers") || !cfg["input_layers"].is_array())
    fail_input(file, "modelTopology.config has no layers / input_layers / output_layers (not a functional model)");
  json by_name = json::object();
  for (const auto& l : cfg["layers"]) {
    if (!l.is_object() || !l.contains("name") || !l["name"].is_string()) fail_input(file, "a layer without a name");
    by_name[l["name"].get<std::string>()] = l;
  }
  if (cfg["input_layers"].size() != 1 || cfg["output_layers"].size() != 3)
    fail_input(file, "the model has " + std::to_string(cfg["input_layers"].size()) + " input(s) and " +
                         std::to_string(cfg["output_layers"].size()) +
                         " output(s); M4L.RhythmVAE's decoder has 1 and 3 (onsets, velocities, timeshifts)");
  Reader rd{by_name, file};
  ImportedDecoder out;
  // Walk back from each output: Dense(act) <- LeakyReLU <- BN <- Dense <- shared LeakyReLU <- BN <- Dense <- input.
  std::string shared, first_dense, input;
  struct Head {
    std::string out, bn, dense;
  } heads[3];
  for (int h = 0; h < 3; ++h) {
    const json& o = cfg["output_layers"][std::size_t(h)];
    if (!o.is_array() || o.empty() || !o[0].is_string()) fail_input(file, "malformed output_layers");
    Head& hd = heads[h];
    hd.out = o[0].get<std::string>();
    const int units = rd.dense_units(hd.out, kActivation[h]);
    if (units % kClasses != 0 || (units / kClasses != 96 && units / kClasses != 32))
      fail_input(file, "output layer '" + hd.out + "' has " + std::to_string(units) +
                           " units; expected 9 drum classes x 96 steps (M4L.RhythmVAE) or x 32");
    if (h == 0) out.steps = units / kClasses;
    else if (units / kClasses != out.steps) fail_input(file, "the three outputs have different sizes");
    const std::string r = rd.inbound(rd.layer(hd.out));
    rd.lrelu(r);
    hd.bn = rd.inbound(rd.layer(r));
    rd.bn(hd.bn);
    hd.dense = rd.inbound(rd.layer(hd.bn));
    const int b = rd.dense_units(hd.dense, "linear");
    if (h == 0) out.branch = b;
    else if (b != out.branch) fail_input(file, "the three heads have different widths");
    const std::string s = rd.inbound(rd.layer(hd.dense));
    if (h == 0) shared = s;
    else if (s != shared) fail_input(file, "the three heads do not share one hidden layer (not M4L.RhythmVAE's decoder)");
  }
  rd.lrelu(shared);
  const std::string bn0 = rd.inbound(rd.layer(shared));
  rd.bn(bn0);
  first_dense = rd.inbound(rd.layer(bn0));
  out.hidden = rd.dense_units(first_dense, "linear");
  input = rd.inbound(rd.layer(first_dense));
  {
    const json& in = rd.expect(input, "InputLayer")["config"];
    const json& shape = in.contains("batch_input_shape") ? in["batch_input_shape"] : json();
    if (!shape.is_array() || shape.size() != 2 || !shape[1].is_number_integer() || shape[1].get<int>() < 1 ||
        shape[1].get<int>() > 64)
      fail_input(file, "input layer '" + input + "': batch_input_shape must be [null, latent] with latent 1..64");
    out.latent = shape[1].get<int>();
    if (in.contains("dtype") && in["dtype"] != "float32") fail_input(file, "input dtype " + in["dtype"].dump() + ", expected float32");
  }
  if (cfg["input_layers"][0].empty() || cfg["input_layers"][0][0] != input)
    fail_input(file, "input_layers does not name '" + input + "'");
  // Weights: the manifest's groups in order, their values one after another.
  std::map<std::string, std::pair<std::size_t, std::vector<std::int64_t>>> where;  // name -> (float offset, shape)
  std::size_t pos = 0;
  const json& man = doc["weightsManifest"];
  if (!man.is_array()) fail_input(file, "weightsManifest is not an array");
  for (const auto& g : man) {
    if (!g.is_object() || !g.contains("weights") || !g["weights"].is_array()) fail_input(file, "malformed weightsManifest group");
    if (g.contains("paths") && (!g["paths"].is_array() || g["paths"].size() != 1 || g["paths"][0] != "weights.bin"))
      fail_input(file, "weightsManifest paths " + g["paths"].dump() + ": only one weights.bin is read");
    for (const auto& w : g["weights"]) {
      if (!w.is_object() || !w.contains("name") || !w["name"].is_string() || !w.contains("shape") || !w["shape"].is_array())
        fail_input(file, "malformed weight entry in weightsManifest");
      const std::string name = w["name"].get<std::string>();
      const std::string dtype = w.contains("dtype") && w["dtype"].is_string() ? w["dtype"].get<std::string>() : "float32";
      if (dtype != "float32") fail_input(file, "weight '" + name + "' is " + dtype + " (only float32 is read)");
      if (w.contains("quantization")) fail_input(file, "weight '" + name + "' is quantised (not read)");
      std::vector<std::int64_t> shape;
      std::size_t count = 1;
      for (const auto& d : w["shape"]) {
        if (!d.is_number_integer() || d.get<std::int64_t>() < 0 || d.get<std::int64_t>() > (1 << 24))
          fail_input(file, "weight '" + name + "' has a bad shape");
        shape.push_back(d.get<std::int64_t>());
        count *= std::size_t(shape.back());
        if (count > (1u << 26)) fail_input(file, "weight '" + name + "' has a bad shape");
      }
      where[name] = {pos, shape};
      pos += count;
    }
  }
  if (bin.size() != pos * sizeof(float))
    fail_input(bin_name, std::to_string(bin.size()) + " bytes, the manifest of " + file + " describes " +
                             std::to_string(pos * sizeof(float)));
  auto values = [&](const std::string& name, const std::vector<std::int64_t>& shape) {
    auto it = where.find(name);
    if (it == where.end()) fail_input(file, "weight '" + name + "' is missing from weightsManifest");
    if (it->second.second != shape) {
      std::string s;
      for (auto d : shape) s += (s.empty() ? "" : ",") + std::to_string(d);
      fail_input(file, "weight '" + name + "' has the wrong shape (expected [" + s + "])");
    }
    std::size_t n = 1;
    for (auto d : shape) n *= std::size_t(d);
    std::vector<float> v(n);
    if (n) std::memcpy(v.data(), bin.data() + it->second.first * sizeof(float), n * sizeof(float));
    for (float x : v)
      if (!std::isfinite(x)) fail_input(bin_name, "weight '" + name + "' holds NaN or infinite values");
    return v;
  };
  const std::vector<std::size_t> perm = device_to_ours(out.steps);
  auto add_dense = [&](const std::string& tf, const std::string& ours, int in, int units, bool permute) {
    auto k = values(tf + "/kernel", {in, units});
    auto b = values(tf + "/bias", {units});
    NamedTensor w{ours + ".weight", {units, in}, std::vector<float>(std::size_t(in) * std::size_t(units))};
    NamedTensor bias{ours + ".bias", {units}, std::vector<float>(std::size_t(units))};
    for (std::size_t j = 0; j < std::size_t(units); ++j) {
      const std::size_t dst = permute ? perm[j] : j;  // device column j is our cell perm[j]
      for (std::size_t i = 0; i < std::size_t(in); ++i) w.data[dst * std::size_t(in) + i] = k[i * std::size_t(units) + j];
      bias.data[dst] = b[j];
    }
    out.tensors.push_back(std::move(w));
    out.tensors.push_back(std::move(bias));
  };
  auto add_bn = [&](const std::string& tf, const std::string& ours, int n) {
    out.tensors.push_back({ours + ".weight", {n}, values(tf + "/gamma", {n})});
    out.tensors.push_back({ours + ".bias", {n}, values(tf + "/beta", {n})});
    out.tensors.push_back({ours + ".running_mean", {n}, values(tf + "/moving_mean", {n})});
    auto var = values(tf + "/moving_variance", {n});
    for (float v : var)
      if (v < 0) fail_input(bin_name, "weight '" + tf + "/moving_variance' is negative");
    out.tensors.push_back({ours + ".running_var", {n}, var});
  };
  add_dense(first_dense, "dec_hidden", out.latent, out.hidden, false);
  add_bn(bn0, "dec_hidden_bn", out.hidden);
  for (int h = 0; h < 3; ++h) {
    const std::string head = kHeads[h];
    add_dense(heads[h].dense, "dec_" + head, out.hidden, out.branch, false);
    add_bn(heads[h].bn, "dec_" + head + "_bn", out.branch);
    add_dense(heads[h].out, "out_" + head, out.branch, out.steps * kClasses, true);
  }
  return out;
}

}  // namespace lw::rhythm
