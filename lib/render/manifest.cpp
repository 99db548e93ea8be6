#include "render/manifest.hpp"

#include <cctype>

#include "core/sha256.hpp"

namespace lw::render {

std::string default_manifest_path(const std::string& audio_path) {
  if (audio_path == "-") return "";
  const auto slash = audio_path.find_last_of('/');
  const auto dot = audio_path.find_last_of('.');
  const bool has_ext = dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
  if (!has_ext) return audio_path + ".manifest.json";
  // out.wav -> out.manifest.json; any other format keeps its extension
  // (out.flac -> out.flac.manifest.json) so that the renders of one name in
  // two formats do not share (and overwrite) one manifest.
  std::string ext = audio_path.substr(dot);
  for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return (ext == ".wav" ? audio_path.substr(0, dot) : audio_path) + ".manifest.json";
}

json file_entry(const std::string& path) {
  if (path == "-") return json{{"path", "-"}, {"sha256", nullptr}};
  return json{{"path", path}, {"sha256", sha256_file(path)}};
}

json new_manifest(const std::string& tool_version, const std::string& mode) {
  return json{{"format", "latentwalk.render-manifest"}, {"version", 1}, {"tool", tool_version}, {"mode", mode}};
}

}  // namespace lw::render
