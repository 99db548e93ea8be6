#include "walk/control_path.hpp"

#include <cmath>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"

namespace lw::walk {

ControlPath parse_control_path(const std::string& text, const std::string& path) {
  json doc = parse_json_text(text, path);
  check_format(doc, path, "latentwalk.control");
  ControlPath p;
  if (doc.contains("rate_hz")) p.rate_hz = get_number(doc, "rate_hz", path);
  if (doc.contains("source") && doc["source"].is_string()) p.source = doc["source"].get<std::string>();
  const json& frames = get_field(doc, "frames", path);
  if (!frames.is_array()) fail_input(path, "\"frames\" must be an array");
  if (frames.empty()) fail_input(path, "\"frames\" is empty; a control path needs at least one frame");
  p.frames.reserve(frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    std::string where = "frame " + std::to_string(i);
    const json& f = frames[i];
    ControlFrame c;
    c.t = get_number(f, "t", path, where);
    c.x = get_number(f, "x", path, where);
    c.y = get_number(f, "y", path, where);
    c.noise = f.contains("noise") ? get_number(f, "noise", path, where) : 0.0;
    c.ramp_ms = f.contains("ramp_ms") ? get_number(f, "ramp_ms", path, where) : 0.0;
    if (c.noise < 0) fail_input(path, where + ": \"noise\" must be >= 0");
    if (c.ramp_ms < 0) fail_input(path, where + ": \"ramp_ms\" must be >= 0");
    if (!p.frames.empty() && c.t <= p.frames.back().t)
      fail_input(path, where + ": time " + std::to_string(c.t) + " does not follow " +
                           std::to_string(p.frames.back().t) + "; times must increase");
    p.frames.push_back(c);
  }
  return p;
}

ControlPath read_control_path(const std::string& path) { return parse_control_path(read_file(path), path); }

std::string control_path_to_json(const ControlPath& p) {
  json doc;
  doc["format"] = "latentwalk.control";
  doc["version"] = 1;
  doc["rate_hz"] = p.rate_hz;
  if (!p.source.empty()) doc["source"] = p.source;
  json frames = json::array();
  for (const auto& f : p.frames)
    frames.push_back({{"t", f.t}, {"x", f.x}, {"y", f.y}, {"noise", f.noise}, {"ramp_ms", f.ramp_ms}});
  doc["frames"] = std::move(frames);
  return dump_json(doc);
}

void write_control_path(const std::string& target, const ControlPath& p) {
  write_file_atomically(target, control_path_to_json(p));
}

}  // namespace lw::walk
