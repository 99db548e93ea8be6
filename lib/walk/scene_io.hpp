// Scene files (YAML):
//
//   name: experience 2                # optional
//   description: free text            # optional, ignored
//   landmarks:
//     - name: voice                   # unique
//       centre: [0, 1.5, 0]           # x, y (height), z; "center" also accepted
//       radius: 4                     # a sphere ...
//       radii: [8, 3, 5]              # ... or an ellipsoid (semi-axes along x, y, z)
//       colour: "#e4572e"             # optional CSS colour; "color" also accepted
//   bounds:                           # optional box walkers stay in
//     min: [-40, 0, -40]
//     max: [40, 10, 40]
//
// Unknown keys are refused (they are usually typos).
#pragma once
#include <string>

#include "walk/scene.hpp"

namespace lw::walk {

// Throws Exit::BadInput naming the file, the line and the key.
Scene read_scene(const std::string& path);
// Parses YAML text; `path` is only used in messages.
Scene parse_scene(const std::string& text, const std::string& path);
// YAML text that read_scene reads back to the same scene.
std::string scene_to_yaml(const Scene& scene);

}  // namespace lw::walk
