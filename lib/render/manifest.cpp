#include "render/manifest.hpp"

#include "core/sha256.hpp"

namespace lw::render {

std::string default_manifest_path(const std::string& audio_path) {
  if (audio_path == "-") return "";
  const auto slash = audio_path.find_last_of('/');
  const auto dot = audio_path.find_last_of('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  return (has_ext ? audio_path.substr(0, dot) : audio_path) + ".manifest.json";
}

json file_entry(const std::string& path) {
  if (path == "-") return json{{"path", "-"}, {"sha256", nullptr}};
  return json{{"path", path}, {"sha256", sha256_file(path)}};
}

json new_manifest(const std::string& tool_version, const std::string& mode) {
  return json{{"format", "latentwalk.render-manifest"}, {"version", 1}, {"tool", tool_version}, {"mode", mode}};
}

}  // namespace lw::render
