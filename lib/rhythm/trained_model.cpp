#include "rhythm/trained_model.hpp"

#include "core/error.hpp"

namespace lw::rhythm {

json representation_json(const GridOptions& grid) {
  json names = json::array();
  for (auto n : class_names()) names.push_back(n);
  return {{"steps_per_quarter", grid.steps_per_quarter},
          {"steps", grid.steps()},
          {"quarters", kQuartersPerLoop},
          {"classes", names},
          {"cell_order", "step-major: index = step * 9 + class"},
          {"map", drum_map_name(grid.map)},
          {"channel", grid.channel + 1}};
}

TrainedModel load_trained_model(const std::string& path) {
  TrainedModel m;
  m.file = read_model(path);
  const std::string name = display_name(path);
  const json& h = m.file.header;
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
  if (shape.steps != m.grid.steps() || shape.latent < 1 || shape.latent > 64 || m.grid.channel < 0 ||
      m.grid.channel > 15)
    fail_input(name, "inconsistent representation/architecture in the header");
  m.vae = std::make_unique<RhythmVae>(shape);
  m.vae->load_weights(m.file.tensors, name);
  return m;
}

}  // namespace lw::rhythm
