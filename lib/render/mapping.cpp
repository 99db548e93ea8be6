#include "render/mapping.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "walk/geometry.hpp"

namespace lw::render {
namespace {

int line_of(const YAML::Node& n) { return n.Mark().line >= 0 ? n.Mark().line + 1 : 0; }

[[noreturn]] void fail_at(const std::string& path, const YAML::Node& n, const std::string& what) {
  fail_input(path, std::size_t(line_of(n)), what);
}

void check_keys(const std::string& path, const YAML::Node& map, const std::set<std::string>& allowed,
                const std::string& where) {
  for (const auto& kv : map) {
    auto key = kv.first.as<std::string>();
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail_at(path, kv.first, "unknown key '" + key + "' in " + where + " (expected one of: " + list + ")");
    }
  }
}

double number(const std::string& path, const YAML::Node& n, const std::string& key) {
  if (!n.IsScalar()) fail_at(path, n, "'" + key + "' must be a number");
  double v;
  try {
    v = n.as<double>();
  } catch (const YAML::Exception&) {
    fail_at(path, n, "'" + key + "' must be a number, got '" + n.Scalar() + "'");
  }
  if (!std::isfinite(v)) fail_at(path, n, "'" + key + "' must be finite");
  return v;
}

int integer(const std::string& path, const YAML::Node& n, const std::string& key) {
  double v = number(path, n, key);
  if (v != std::floor(v) || v < 0 || v > 1e6)
    fail_at(path, n, "'" + key + "' must be a non-negative integer, got '" + n.Scalar() + "'");
  return int(v);
}

DimMap parse_dim(const std::string& path, const YAML::Node& n) {
  if (!n.IsMap()) fail_at(path, n, "each entry of 'latent' must be a map with 'dim' and 'source'");
  check_keys(path, n, {"dim", "source", "scale", "offset", "clamp", "value"}, "a latent entry");
  DimMap d;
  d.line = line_of(n);
  if (!n["dim"]) fail_at(path, n, "latent entry without 'dim'");
  d.dim = integer(path, n["dim"], "dim");
  if (!n["source"]) fail_at(path, n, "latent entry for dim " + std::to_string(d.dim) + " without 'source'");
  const auto& sn = n["source"];
  if (!sn.IsScalar()) fail_at(path, sn, "'source' must be a name");
  const std::string s = sn.Scalar();
  if (s == "x") d.source = Source::X;
  else if (s == "y") d.source = Source::Y;
  else if (s == "z") d.source = Source::Z;
  else if (s == "azimuth") d.source = Source::Azimuth;
  else if (s == "t") d.source = Source::T;
  else if (s == "speed") d.source = Source::Speed;
  else if (s == "constant") d.source = Source::Constant;
  else if (s.rfind("distance:", 0) == 0 && s.size() > 9) {
    d.source = Source::Distance;
    d.landmark = s.substr(9);
  } else {
    fail_at(path, sn, "unknown source '" + s +
                          "' (expected x, y, z, azimuth, t, speed, distance:LANDMARK or constant)");
  }
  if (n["scale"]) d.scale = number(path, n["scale"], "scale");
  if (n["offset"]) d.offset = number(path, n["offset"], "offset");
  if (n["value"]) {
    if (d.source != Source::Constant) fail_at(path, n["value"], "'value' is only for source: constant");
    d.value = number(path, n["value"], "value");
  } else if (d.source == Source::Constant) {
    fail_at(path, n, "source: constant needs a 'value'");
  }
  if (n["clamp"]) {
    const auto& c = n["clamp"];
    if (!c.IsSequence() || c.size() != 2) fail_at(path, c, "'clamp' must be [low, high]");
    d.clamped = true;
    d.clamp_lo = number(path, c[0], "clamp");
    d.clamp_hi = number(path, c[1], "clamp");
    if (d.clamp_lo > d.clamp_hi) fail_at(path, c, "'clamp' low is above high");
  }
  return d;
}

Layer parse_layer(const std::string& path, const YAML::Node& n, double unmapped_default) {
  Layer layer;
  layer.unmapped = unmapped_default;
  if (n["unmapped"]) layer.unmapped = number(path, n["unmapped"], "unmapped");
  if (n["latent"]) {
    const auto& l = n["latent"];
    if (!l.IsSequence()) fail_at(path, l, "'latent' must be a list of entries");
    std::set<int> seen;
    for (const auto& e : l) {
      auto d = parse_dim(path, e);
      if (!seen.insert(d.dim).second)
        fail_at(path, e, "dimension " + std::to_string(d.dim) + " is mapped twice");
      layer.dims.push_back(d);
    }
  }
  return layer;
}

const char* source_name(Source s) {
  switch (s) {
    case Source::X: return "x";
    case Source::Y: return "y";
    case Source::Z: return "z";
    case Source::Azimuth: return "azimuth";
    case Source::T: return "t";
    case Source::Speed: return "speed";
    case Source::Distance: return "distance";
    case Source::Constant: return "constant";
  }
  return "?";
}

void check_layer(const Mapping& m, const Layer& layer, int latent_size, const walk::Scene* scene) {
  const std::string where = m.path.empty() ? std::string("default mapping") : m.path;
  for (const auto& d : layer.dims) {
    if (d.dim >= latent_size)
      fail_input(where, std::size_t(d.line),
                 "'dim: " + std::to_string(d.dim) + "' is beyond the model's latent size " +
                     std::to_string(latent_size) + " (dimensions 0.." + std::to_string(latent_size - 1) + ")");
    if (d.source == Source::Distance) {
      if (!scene)
        fail_input(where, std::size_t(d.line),
                   "'source: distance:" + d.landmark + "' needs a scene (--scene)");
      if (!scene->find(d.landmark))
        fail_input(where, std::size_t(d.line), "unknown landmark '" + d.landmark + "' in 'source'");
    }
  }
}

double source_value(const DimMap& d, const walk::Frame& f, double t0, double speed,
                    const walk::Scene* scene) {
  switch (d.source) {
    case Source::X: return f.x;
    case Source::Y: return f.y;
    case Source::Z: return f.z;
    case Source::Azimuth: return f.azimuth;
    case Source::T: return f.t - t0;
    case Source::Speed: return speed;
    case Source::Distance: return walk::distance(*scene->find(d.landmark), walk::position(f));
    case Source::Constant: return d.value;
  }
  return 0;
}

void apply_layer(const Layer& layer, int latent_size, const walk::Frame& f, double t0, double speed,
                 const walk::Scene* scene, std::vector<double>& out) {
  out.assign(std::size_t(latent_size), layer.unmapped);
  for (const auto& d : layer.dims) {
    double v = source_value(d, f, t0, speed, scene) * d.scale + d.offset;
    if (d.clamped) v = std::clamp(v, d.clamp_lo, d.clamp_hi);
    out[std::size_t(d.dim)] = v;
  }
}

json layer_json(const Layer& layer) {
  json dims = json::array();
  for (const auto& d : layer.dims) {
    json e{{"dim", d.dim},
           {"source", d.source == Source::Distance ? "distance:" + d.landmark : std::string(source_name(d.source))},
           {"scale", d.scale},
           {"offset", d.offset}};
    if (d.source == Source::Constant) e["value"] = d.value;
    if (d.clamped) e["clamp"] = {d.clamp_lo, d.clamp_hi};
    dims.push_back(e);
  }
  return json{{"unmapped", layer.unmapped}, {"latent", dims}};
}

}  // namespace

Mapping default_mapping() {
  Mapping m;
  for (int i = 0; i < 3; ++i) {
    DimMap d;
    d.dim = i;
    d.source = i == 0 ? Source::X : i == 1 ? Source::Y : Source::Z;
    m.base.dims.push_back(d);
  }
  return m;
}

const char* stereo_name(Stereo s) {
  switch (s) {
    case Stereo::None: return "none";
    case Stereo::Pan: return "pan";
    case Stereo::Rotate: return "rotate";
  }
  return "?";
}

Stereo parse_stereo(const std::string& name) {
  if (name == "none") return Stereo::None;
  if (name == "pan") return Stereo::Pan;
  if (name == "rotate") return Stereo::Rotate;
  fail_usage("unknown stereo mode '" + name + "' (expected pan, rotate or none)");
}

Mapping read_mapping(const std::string& path) { return parse_mapping(read_file(path, 16u << 20), path); }

Mapping parse_mapping(const std::string& text, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    fail_input(path, std::size_t(e.mark.line + 1), "not valid YAML: " + e.msg);
  }
  if (!root.IsMap()) fail_input(path, "a mapping must be a YAML map (with 'latent', 'stereo', ...)");
  try {
    check_keys(path, root, {"format", "version", "unmapped", "stereo", "stereo_width", "latent", "zones", "drift"}, "the mapping");
    if (root["format"] && root["format"].Scalar() != "latentwalk.mapping")
      fail_at(path, root["format"], "format is '" + root["format"].Scalar() + "', expected latentwalk.mapping");
    if (root["version"] && number(path, root["version"], "version") != 1)
      fail_at(path, root["version"], "unsupported mapping version (this tool reads version 1)");
    Mapping m;
    m.path = path;
    m.base = parse_layer(path, root, 0);
    if (root["stereo"]) {
      const auto& s = root["stereo"];
      if (!s.IsScalar() || (s.Scalar() != "pan" && s.Scalar() != "rotate" && s.Scalar() != "none"))
        fail_at(path, s, "'stereo' must be pan, rotate or none");
      m.stereo = parse_stereo(s.Scalar());
    }
    if (root["stereo_width"]) {
      m.stereo_width = number(path, root["stereo_width"], "stereo_width");
      if (m.stereo_width < 0 || m.stereo_width > 1) fail_at(path, root["stereo_width"], "'stereo_width' must be between 0 and 1");
    }
    if (root["zones"]) {
      const auto& zs = root["zones"];
      if (!zs.IsSequence()) fail_at(path, zs, "'zones' must be a list");
      for (const auto& zn : zs) {
        if (!zn.IsMap()) fail_at(path, zn, "each zone must be a map with 'inside' and 'latent'");
        check_keys(path, zn, {"inside", "margin", "fade", "unmapped", "latent"}, "a zone");
        Zone z;
        z.line = line_of(zn);
        if (!zn["inside"] || !zn["inside"].IsScalar()) fail_at(path, zn, "zone without 'inside: LANDMARK'");
        z.landmark = zn["inside"].Scalar();
        if (zn["fade"]) {
          z.fade = number(path, zn["fade"], "fade");
          if (z.fade < 0) fail_at(path, zn["fade"], "'fade' must be >= 0 seconds");
        }
        if (zn["margin"]) {
          z.margin = number(path, zn["margin"], "margin");
          if (z.margin < 0) fail_at(path, zn["margin"], "'margin' must be >= 0");
        }
        z.layer = parse_layer(path, zn, m.base.unmapped);
        m.zones.push_back(z);
      }
    }
    if (root["drift"]) {
      const auto& ds = root["drift"];
      if (!ds.IsSequence()) fail_at(path, ds, "'drift' must be a list");
      for (const auto& dn : ds) {
        if (!dn.IsMap()) fail_at(path, dn, "each drift must be a map with 'dim', 'period', 'amplitude'");
        check_keys(path, dn, {"dim", "period", "amplitude", "phase"}, "a drift");
        Drift d;
        d.line = line_of(dn);
        if (!dn["dim"] || !dn["period"] || !dn["amplitude"])
          fail_at(path, dn, "a drift needs 'dim', 'period' and 'amplitude'");
        d.dim = integer(path, dn["dim"], "dim");
        d.period = number(path, dn["period"], "period");
        if (d.period <= 0) fail_at(path, dn["period"], "'period' must be > 0 seconds");
        d.amplitude = number(path, dn["amplitude"], "amplitude");
        if (dn["phase"]) d.phase_deg = number(path, dn["phase"], "phase");
        m.drifts.push_back(d);
      }
    }
    return m;
  } catch (const YAML::Exception& e) {
    fail_input(path, std::size_t(e.mark.line + 1), e.msg);
  }
}

void check_mapping(const Mapping& m, int latent_size, const walk::Scene* scene) {
  check_layer(m, m.base, latent_size, scene);
  const std::string where = m.path.empty() ? std::string("default mapping") : m.path;
  for (const auto& z : m.zones) {
    if (!scene) fail_input(where, std::size_t(z.line), "zone 'inside: " + z.landmark + "' needs a scene (--scene)");
    if (!scene->find(z.landmark))
      fail_input(where, std::size_t(z.line), "unknown landmark '" + z.landmark + "' in 'inside'");
    check_layer(m, z.layer, latent_size, scene);
  }
  for (const auto& d : m.drifts)
    if (d.dim >= latent_size)
      fail_input(where, std::size_t(d.line),
                 "drift 'dim: " + std::to_string(d.dim) + "' is beyond the model's latent size " +
                     std::to_string(latent_size));
}

std::vector<float> map_walk(const Mapping& m, int latent_size, const walk::Trajectory& walk,
                            const walk::Scene* scene) {
  check_mapping(m, latent_size, scene);
  const std::size_t n = walk.frames.size();
  std::vector<float> out(std::size_t(latent_size) * n);
  if (n == 0) return out;
  const auto speeds = walk::frame_speeds(walk);
  const double t0 = walk.frames.front().t;
  std::vector<double> zone_weight(m.zones.size(), 0.0);
  std::vector<double> base, zone;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& f = walk.frames[i];
    apply_layer(m.base, latent_size, f, t0, speeds[i], scene, base);
    const double dt = i == 0 ? 0.0 : f.t - walk.frames[i - 1].t;
    for (std::size_t k = 0; k < m.zones.size(); ++k) {
      const auto& z = m.zones[k];
      const auto& lm = *scene->find(z.landmark);
      const bool in = z.margin > 0 ? walk::distance(lm, walk::position(f)) <= z.margin
                                   : walk::inside(lm, walk::position(f));
      const double target = in ? 1.0 : 0.0;
      // The weight follows inside/outside with a linear ramp of `fade` seconds
      // (starting at the first frame's state, so a walk that starts inside
      // starts with the zone's mapping).
      double& w = zone_weight[k];
      if (i == 0 || z.fade <= 0)
        w = target;
      else
        w = target > w ? std::min(target, w + dt / z.fade) : std::max(target, w - dt / z.fade);
      if (w > 0) {
        apply_layer(z.layer, latent_size, f, t0, speeds[i], scene, zone);
        for (int d = 0; d < latent_size; ++d) base[std::size_t(d)] = (1 - w) * base[std::size_t(d)] + w * zone[std::size_t(d)];
      }
    }
    for (const auto& d : m.drifts)
      base[std::size_t(d.dim)] +=
          d.amplitude * std::sin(2 * M_PI * (f.t - t0) / d.period + d.phase_deg * M_PI / 180);
    for (int d = 0; d < latent_size; ++d) {
      const double v = base[std::size_t(d)];
      // Last guard (check_mapped_finite names the walk's frame first).
      if (!(std::abs(v) <= double(std::numeric_limits<float>::max())))
        fail_input(m.path.empty() ? std::string("the default mapping") : m.path,
                   "latent dimension " + std::to_string(d) + " is " + std::to_string(v) + " at t = " +
                       std::to_string(f.t - t0) + " s of the walk: not a finite float");
      out[std::size_t(d) * n + i] = float(v);
    }
  }
  return out;
}

json mapping_to_json(const Mapping& m) {
  json j = layer_json(m.base);
  j["format"] = "latentwalk.mapping";
  j["version"] = 1;
  j["file"] = m.path.empty() ? json(nullptr) : json(m.path);
  j["stereo"] = stereo_name(m.stereo);
  j["stereo_width"] = m.stereo_width;
  json zones = json::array();
  for (const auto& z : m.zones) {
    json e = layer_json(z.layer);
    e["inside"] = z.landmark;
    e["fade"] = z.fade;
    e["margin"] = z.margin;
    zones.push_back(e);
  }
  j["zones"] = zones;
  json drifts = json::array();
  for (const auto& d : m.drifts)
    drifts.push_back({{"dim", d.dim}, {"period", d.period}, {"amplitude", d.amplitude}, {"phase", d.phase_deg}});
  j["drift"] = drifts;
  return j;
}

namespace {

std::string fmt_g(double v) {
  char b[64];
  std::snprintf(b, sizeof b, "%.6g", v);
  return b;
}

void check_layer_finite(const Mapping& m, const Layer& layer, const walk::Frame& f, std::size_t index, double t0,
                        double speed, const walk::Scene* scene, const std::string& path) {
  constexpr double kMax = double(std::numeric_limits<float>::max());
  for (const auto& d : layer.dims) {
    const double src = source_value(d, f, t0, speed, scene);
    double v = src * d.scale + d.offset;
    if (d.clamped && !std::isnan(v)) v = std::clamp(v, d.clamp_lo, d.clamp_hi);
    if (std::abs(v) <= kMax) continue;
    std::string entry = m.path.empty() ? std::string("the default mapping")
                                       : m.path + ":" + std::to_string(d.line);
    fail_input(path, "frame " + std::to_string(index) + " (t = " + fmt_g(f.t) + " s): latent dimension " +
                         std::to_string(d.dim) + " would be " + fmt_g(v) + ", not a finite float (" + entry +
                         ": source " + (d.source == Source::Distance ? "distance:" + d.landmark
                                                                    : std::string(source_name(d.source))) +
                         " = " + fmt_g(src) + ", scale " + fmt_g(d.scale) + ", offset " + fmt_g(d.offset) + ")");
  }
}

}  // namespace

void check_mapped_finite(const Mapping& m, int latent_size, const walk::Trajectory& raw, const walk::Scene* scene,
                         const std::string& trajectory_path) {
  check_mapping(m, latent_size, scene);
  if (raw.frames.empty()) return;
  const auto speeds = walk::frame_speeds(raw);
  const double t0 = raw.frames.front().t;
  for (std::size_t i = 0; i < raw.frames.size(); ++i) {
    const auto& f = raw.frames[i];
    for (double c : {f.t, f.x, f.y, f.z, f.azimuth})
      if (!std::isfinite(c))
        fail_input(trajectory_path, "frame " + std::to_string(i) + ": a value is not finite");
    check_layer_finite(m, m.base, f, i, t0, speeds[i], scene, trajectory_path);
    for (const auto& z : m.zones) check_layer_finite(m, z.layer, f, i, t0, speeds[i], scene, trajectory_path);
  }
}

OutsideStats outside_share(const std::vector<float>& planar, int latent_size, std::int64_t frames, double limit) {
  OutsideStats s;
  s.limit = limit;
  s.per_dim.assign(std::size_t(latent_size), 0.0);
  if (frames <= 0) return s;
  std::int64_t any = 0;
  std::vector<std::int64_t> count(std::size_t(latent_size), 0);
  for (std::int64_t f = 0; f < frames; ++f) {
    bool out = false;
    for (int d = 0; d < latent_size; ++d)
      if (std::abs(planar[std::size_t(d * frames + f)]) > limit) {
        ++count[std::size_t(d)];
        out = true;
      }
    any += out;
  }
  s.share = double(any) / double(frames);
  for (int d = 0; d < latent_size; ++d) s.per_dim[std::size_t(d)] = double(count[std::size_t(d)]) / double(frames);
  return s;
}

std::string describe_outside(const OutsideStats& s) {
  auto pct = [](double x) { return std::to_string(int(std::lround(100 * x))) + "%"; };
  std::vector<int> dims;
  for (int d = 0; d < int(s.per_dim.size()); ++d)
    if (s.per_dim[std::size_t(d)] >= 0.01) dims.push_back(d);
  std::stable_sort(dims.begin(), dims.end(),
                   [&](int a, int b) { return s.per_dim[std::size_t(a)] > s.per_dim[std::size_t(b)]; });
  std::string out = pct(s.share) + " of the walk";
  if (!dims.empty()) {
    out += " (";
    for (std::size_t k = 0; k < dims.size(); ++k)
      out += (k ? ", " : "") + std::string("dimension ") + std::to_string(dims[k]) + ": " +
             pct(s.per_dim[std::size_t(dims[k])]);
    out += ")";
  }
  return out;
}

FitBox walk_box(const walk::Trajectory& t) {
  FitBox b;
  if (t.frames.empty()) return b;
  b.min = b.max = {t.frames[0].x, t.frames[0].y, t.frames[0].z};
  for (const auto& f : t.frames) {
    const walk::Vec3 p{f.x, f.y, f.z};
    for (int a = 0; a < 3; ++a) {
      b.min[std::size_t(a)] = std::min(b.min[std::size_t(a)], p[std::size_t(a)]);
      b.max[std::size_t(a)] = std::max(b.max[std::size_t(a)], p[std::size_t(a)]);
    }
  }
  return b;
}

FitBox scene_box(const walk::Scene& s) {
  FitBox b;
  if (s.bounds) {
    b.min = s.bounds->min;
    b.max = s.bounds->max;
    return b;
  }
  bool first = true;
  for (const auto& l : s.landmarks)
    for (int a = 0; a < 3; ++a) {
      const double lo = l.centre[std::size_t(a)] - l.radii[std::size_t(a)];
      const double hi = l.centre[std::size_t(a)] + l.radii[std::size_t(a)];
      b.min[std::size_t(a)] = first ? lo : std::min(b.min[std::size_t(a)], lo);
      b.max[std::size_t(a)] = first ? hi : std::max(b.max[std::size_t(a)], hi);
      if (a == 2) first = false;
    }
  return b;
}

json fit_mapping(Mapping& m, const FitBox& box, double lo, double hi, const std::string& box_name) {
  json changed = json::array();
  auto fit_layer = [&](Layer& layer, const std::string& where) {
    for (auto& d : layer.dims) {
      int axis = d.source == Source::X ? 0 : d.source == Source::Y ? 1 : d.source == Source::Z ? 2 : -1;
      if (axis < 0) continue;
      const double a = box.min[std::size_t(axis)], b = box.max[std::size_t(axis)];
      const double before_scale = d.scale, before_offset = d.offset;
      if (b - a > 0) {
        const bool reversed = d.scale < 0;
        d.scale = (hi - lo) / (b - a) * (reversed ? -1 : 1);
        d.offset = (reversed ? hi : lo) - d.scale * a;
      } else {
        d.scale = 0;
        d.offset = 0.5 * (lo + hi);
      }
      changed.push_back({{"layer", where},
                         {"dim", d.dim},
                         {"source", source_name(d.source)},
                         {"scale", {before_scale, d.scale}},
                         {"offset", {before_offset, d.offset}}});
    }
  };
  fit_layer(m.base, "base");
  for (auto& z : m.zones) fit_layer(z.layer, "zone " + z.landmark);
  return json{{"range", {lo, hi}},
              {"box", box_name},
              {"min", {box.min[0], box.min[1], box.min[2]}},
              {"max", {box.max[0], box.max[1], box.max[2]}},
              {"entries", changed}};
}

}  // namespace lw::render
