#include "rhythm/trained_model.hpp"

#include "core/error.hpp"

#include <cmath>

namespace lw::rhythm {

json representation_json(const GridOptions& grid) {
  json names = json::array();
  for (auto n : class_names(grid.map)) names.push_back(n);
  return {{"steps_per_quarter", grid.steps_per_quarter},
          {"steps", grid.steps()},
          {"quarters", kQuartersPerLoop},
          {"classes", names},
          {"cell_order", "step-major: index = step * 9 + class"},
          {"map", drum_map_name(grid.map)},
          {"channel", grid.channel + 1}};
}

namespace {

// Every header field a subcommand reads, with its JSON type, so that a file
// edited by hand is refused naming the key instead of failing later inside
// the JSON library. Optional fields may be absent (or null where noted).
enum class T { Number, String, Object, Array, ObjectOrNull };

void expect(const json& parent, const std::string& key, T type, const std::string& where, const std::string& file,
            bool required) {
  if (!parent.is_object() || !parent.contains(key)) {
    if (required) fail_input(file, "header key '" + where + key + "' is missing");
    return;
  }
  const json& v = parent[key];
  bool ok = false;
  const char* want = "";
  switch (type) {
    case T::Number: ok = v.is_number(); want = "a number"; break;
    case T::String: ok = v.is_string(); want = "a string"; break;
    case T::Object: ok = v.is_object(); want = "an object"; break;
    case T::Array: ok = v.is_array(); want = "an array"; break;
    case T::ObjectOrNull: ok = v.is_object() || v.is_null(); want = "an object or null"; break;
  }
  if (!ok) fail_input(file, "header key '" + where + key + "' must be " + want + ", got " + std::string(v.type_name()));
}

void validate_header(const json& h, const std::string& file) {
  expect(h, "tool", T::String, "", file, false);
  expect(h, "representation", T::Object, "", file, true);
  expect(h, "architecture", T::Object, "", file, true);
  const json& rep = h["representation"];
  for (const char* k : {"steps_per_quarter", "steps", "channel"}) expect(rep, k, T::Number, "representation.", file, true);
  expect(rep, "map", T::String, "representation.", file, true);
  const json& arch = h["architecture"];
  expect(arch, "name", T::String, "architecture.", file, false);
  expect(arch, "latent", T::Number, "architecture.", file, true);
  expect(arch, "logvar_max", T::Number, "architecture.", file, false);
  expect(arch, "decoder_hidden", T::Number, "architecture.", file, false);
  expect(arch, "decoder_branch", T::Number, "architecture.", file, false);
  if (arch.contains("decoder_only") && !arch["decoder_only"].is_boolean())
    fail_input(file, "header key 'architecture.decoder_only' must be a boolean");
  expect(h, "training", T::Object, "", file, false);
  if (h.contains("training"))
    for (const char* k : {"epochs", "batch", "lr", "beta", "seed", "threads", "train_loops", "heldout_loops"})
      expect(h["training"], k, T::Number, "training.", file, false);
  expect(h, "data", T::Object, "", file, false);
  if (h.contains("data")) {
    expect(h["data"], "files", T::Array, "data.", file, false);
    if (h["data"].contains("files"))
      for (std::size_t i = 0; i < h["data"]["files"].size(); ++i) {
        const json& f = h["data"]["files"][i];
        const std::string w = "data.files[" + std::to_string(i) + "].";
        if (!f.is_object()) fail_input(file, "header key 'data.files[" + std::to_string(i) + "]' must be an object");
        expect(f, "path", T::String, w, file, true);
        expect(f, "sha256", T::String, w, file, true);
        expect(f, "loops", T::Number, w, file, false);
        expect(f, "dropped", T::Number, w, file, false);
      }
  }
  expect(h, "metrics", T::Object, "", file, false);
  if (h.contains("metrics")) {
    const json& m = h["metrics"];
    expect(m, "final_loss", T::Number, "metrics.", file, false);
    for (const char* part : {"train", "heldout"}) {
      expect(m, part, T::ObjectOrNull, "metrics.", file, false);
      if (m.contains(part) && m[part].is_object())
        for (const char* k : {"onset_f1", "velocity_mae", "timing_mae"})
          expect(m[part], k, T::Number, std::string("metrics.") + part + ".", file, false);
    }
  }
  expect(h, "latents", T::Array, "", file, false);
  if (h.contains("latents"))
    for (std::size_t i = 0; i < h["latents"].size(); ++i) {
      const json& l = h["latents"][i];
      const std::string w = "latents[" + std::to_string(i) + "].";
      if (!l.is_object()) fail_input(file, "header key 'latents[" + std::to_string(i) + "]' must be an object");
      expect(l, "z", T::Array, w, file, true);
      if (l["z"].empty()) fail_input(file, "header key '" + w + "z' is empty");
      for (const auto& v : l["z"])
        if (!v.is_number() || !std::isfinite(v.get<double>()))
          fail_input(file, "header key '" + w + "z' must hold finite numbers");
      expect(l, "source", T::String, w, file, false);
      expect(l, "loop", T::Number, w, file, false);
    }
}

}  // namespace

TrainedModel load_trained_model(const std::string& path) {
  TrainedModel m;
  m.file = read_model(path);
  const std::string name = display_name(path);
  const json& h = m.file.header;
  validate_header(h, name);
  const json& rep = get_field(h, "representation", name);
  const json& arch = get_field(h, "architecture", name);
  m.grid.steps_per_quarter = int(get_number(rep, "steps_per_quarter", name, "representation"));
  m.grid.channel = int(get_number(rep, "channel", name, "representation")) - 1;
  const json& map = get_field(rep, "map", name, "representation");
  if (!map.is_string()) fail_input(name, "representation.map is not a string");
  m.grid.map = parse_drum_map(map.get<std::string>());
  VaeShape shape;
  shape.steps = int(get_number(rep, "steps", name, "representation"));
  shape.latent = int(get_number(arch, "latent", name, "architecture"));
  if (arch.contains("logvar_max")) shape.logvar_max = get_number(arch, "logvar_max", name, "architecture");
  if (arch.contains("decoder_hidden")) shape.dec_hidden = int(get_number(arch, "decoder_hidden", name, "architecture"));
  if (arch.contains("decoder_branch")) shape.dec_branch = int(get_number(arch, "decoder_branch", name, "architecture"));
  if (shape.dec_hidden < 1 || shape.dec_hidden > 8192 || shape.dec_branch < 1 || shape.dec_branch > 8192)
    fail_input(name, "architecture.decoder_hidden/decoder_branch must be 1..8192");
  const bool decoder_only = arch.contains("decoder_only") && arch["decoder_only"].is_boolean() &&
                            arch["decoder_only"].get<bool>();
  if (shape.steps != m.grid.steps() || shape.latent < 1 || shape.latent > 64 || m.grid.channel < 0 ||
      m.grid.channel > 15 || !(shape.logvar_max >= 0 && shape.logvar_max <= 50))
    fail_input(name, "inconsistent representation/architecture in the header");
  m.vae = std::make_unique<RhythmVae>(shape);
  m.vae->load_weights(m.file.tensors, name, decoder_only);
  return m;
}

}  // namespace lw::rhythm
