// A scene: named landmarks (spheres or ellipsoids) and optional bounds.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace lw::walk {

using Vec3 = std::array<double, 3>;  // x, y, z

struct Landmark {
  std::string name;
  Vec3 centre{0, 0, 0};
  Vec3 radii{1, 1, 1};  // equal radii = sphere
  std::string colour;   // CSS colour, may be empty
  bool is_sphere() const { return radii[0] == radii[1] && radii[1] == radii[2]; }
};

struct Bounds {
  Vec3 min{-10, -10, -10};
  Vec3 max{10, 10, 10};
};

struct Scene {
  std::string name;     // may be empty
  std::vector<Landmark> landmarks;
  std::optional<Bounds> bounds;
  // nullptr when absent.
  const Landmark* find(const std::string& landmark_name) const {
    for (const auto& l : landmarks)
      if (l.name == landmark_name) return &l;
    return nullptr;
  }
};

}  // namespace lw::walk
