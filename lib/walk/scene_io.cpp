#include "walk/scene_io.hpp"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <set>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/numfmt.hpp"

namespace lw::walk {

namespace {

struct Ctx {
  const std::string& path;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& what) const {
    std::size_t line = 0;
    const YAML::Mark m = node.Mark();
    if (m.line >= 0) line = static_cast<std::size_t>(m.line) + 1;
    fail_input(path, line, what);
  }
};

double number(const Ctx& c, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) c.fail(n, key + ": expected a number");
  double v = 0;
  if (!parse_double(n.Scalar(), v)) c.fail(n, key + ": '" + n.Scalar() + "' is not a number");
  if (!std::isfinite(v)) c.fail(n, key + ": '" + n.Scalar() + "' is not finite");
  return v;
}

Vec3 vec3(const Ctx& c, const YAML::Node& n, const std::string& key) {
  if (!n.IsSequence() || n.size() != 3) c.fail(n, key + ": expected three numbers [x, y, z]");
  return {number(c, n[0], key + "[0]"), number(c, n[1], key + "[1]"), number(c, n[2], key + "[2]")};
}

std::string text(const Ctx& c, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) c.fail(n, key + ": expected a string");
  return n.Scalar();
}

void check_keys(const Ctx& c, const YAML::Node& map, const std::set<std::string>& allowed, const std::string& where) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    std::string k = it->first.Scalar();
    if (!allowed.count(k)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      c.fail(it->first, where + "unknown key '" + k + "' (expected one of: " + list + ")");
    }
  }
}

Landmark landmark(const Ctx& c, const YAML::Node& n, std::size_t index) {
  std::string where = "landmarks[" + std::to_string(index) + "]";
  if (!n.IsMap()) c.fail(n, where + ": expected a map with name, centre and radius or radii");
  check_keys(c, n, {"name", "shape", "centre", "center", "radius", "radii", "colour", "color"}, where + ": ");
  Landmark l;
  if (!n["name"]) c.fail(n, where + ": missing key 'name'");
  l.name = text(c, n["name"], where + ".name");
  if (l.name.empty()) c.fail(n["name"], where + ".name: must not be empty");
  where = "landmark '" + l.name + "'";
  if (n["centre"] && n["center"]) c.fail(n["center"], where + ": both 'centre' and 'center' given");
  YAML::Node centre = n["centre"] ? n["centre"] : n["center"];
  if (!centre) c.fail(n, where + ": missing key 'centre'");
  l.centre = vec3(c, centre, where + ".centre");
  std::string shape;
  if (n["shape"]) {
    shape = text(c, n["shape"], where + ".shape");
    if (shape != "sphere" && shape != "ellipsoid")
      c.fail(n["shape"], where + ".shape: '" + shape + "' is not sphere or ellipsoid");
  }
  if (n["radius"] && n["radii"]) c.fail(n["radii"], where + ": give either 'radius' (sphere) or 'radii' (ellipsoid), not both");
  if (n["radius"]) {
    if (shape == "ellipsoid") c.fail(n["radius"], where + ": an ellipsoid takes 'radii: [rx, ry, rz]'");
    double r = number(c, n["radius"], where + ".radius");
    if (r <= 0) c.fail(n["radius"], where + ".radius: must be > 0");
    l.radii = {r, r, r};
  } else if (n["radii"]) {
    l.radii = vec3(c, n["radii"], where + ".radii");
    for (double r : l.radii)
      if (r <= 0) c.fail(n["radii"], where + ".radii: every radius must be > 0");
    if (shape == "sphere" && !l.is_sphere()) c.fail(n["radii"], where + ": a sphere needs equal radii");
  } else {
    c.fail(n, where + ": missing key 'radius' (sphere) or 'radii' (ellipsoid)");
  }
  if (n["colour"] && n["color"]) c.fail(n["color"], where + ": both 'colour' and 'color' given");
  YAML::Node col = n["colour"] ? n["colour"] : n["color"];
  if (col) {
    l.colour = text(c, col, where + ".colour");
    for (char ch : l.colour)
      if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '#' || ch == '(' || ch == ')' || ch == ',' ||
            ch == '.' || ch == ' ' || ch == '%'))
        c.fail(col, where + ".colour: '" + l.colour + "' is not a CSS colour");
  }
  return l;
}

}  // namespace

Scene parse_scene(const std::string& text_in, const std::string& path) {
  Ctx c{path};
  YAML::Node root;
  try {
    root = YAML::Load(text_in);
  } catch (const YAML::ParserException& e) {
    fail_input(path, static_cast<std::size_t>(e.mark.line + 1), "not valid YAML (" + e.msg + ")");
  }
  if (!root || root.IsNull()) fail_input(path, "is empty; expected a scene with 'landmarks'");
  if (!root.IsMap()) c.fail(root, "expected a map with 'landmarks' (and optional 'name', 'bounds')");
  check_keys(c, root, {"name", "landmarks", "bounds", "description"}, "");
  Scene s;
  if (root["name"]) s.name = text(c, root["name"], "name");
  YAML::Node lms = root["landmarks"];
  if (!lms) fail_input(path, "missing key 'landmarks'");
  if (!lms.IsSequence() && !lms.IsNull()) c.fail(lms, "landmarks: expected a list");
  std::set<std::string> names;
  for (std::size_t i = 0; i < lms.size(); ++i) {
    Landmark l = landmark(c, lms[i], i);
    if (!names.insert(l.name).second) c.fail(lms[i]["name"], "landmark '" + l.name + "' is defined twice");
    s.landmarks.push_back(std::move(l));
  }
  if (YAML::Node b = root["bounds"]) {
    if (!b.IsMap()) c.fail(b, "bounds: expected a map with 'min' and 'max'");
    check_keys(c, b, {"min", "max"}, "bounds: ");
    if (!b["min"] || !b["max"]) c.fail(b, "bounds: needs both 'min' and 'max'");
    Bounds bounds;
    bounds.min = vec3(c, b["min"], "bounds.min");
    bounds.max = vec3(c, b["max"], "bounds.max");
    for (int i = 0; i < 3; ++i)
      if (!(bounds.min[i] < bounds.max[i])) c.fail(b, "bounds: min must be below max on every axis");
    s.bounds = bounds;
  }
  return s;
}

Scene read_scene(const std::string& path) {
  std::string text_in = read_file(path, 16u << 20);
  if (text_in.find('\0') != std::string::npos) fail_input(path, "contains binary data (a NUL byte); expected YAML");
  return parse_scene(text_in, path);
}

std::string scene_to_yaml(const Scene& scene) {
  std::ostringstream o;
  auto v3 = [](const Vec3& v) {
    return "[" + format_double(v[0]) + ", " + format_double(v[1]) + ", " + format_double(v[2]) + "]";
  };
  auto quote = [](const std::string& s) {
    std::string q = "\"";
    for (char ch : s) {
      if (ch == '"' || ch == '\\') q += '\\';
      q += ch;
    }
    return q + "\"";
  };
  if (!scene.name.empty()) o << "name: " << quote(scene.name) << "\n";
  o << "landmarks:" << (scene.landmarks.empty() ? " []" : "") << "\n";
  for (const auto& l : scene.landmarks) {
    o << "  - name: " << quote(l.name) << "\n    centre: " << v3(l.centre) << "\n";
    if (l.is_sphere()) o << "    radius: " << format_double(l.radii[0]) << "\n";
    else o << "    radii: " << v3(l.radii) << "\n";
    if (!l.colour.empty()) o << "    colour: " << quote(l.colour) << "\n";
  }
  if (scene.bounds) o << "bounds:\n  min: " << v3(scene.bounds->min) << "\n  max: " << v3(scene.bounds->max) << "\n";
  return o.str();
}

}  // namespace lw::walk
