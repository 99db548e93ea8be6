// The manifest written beside every render (latentwalk.render-manifest v1):
// everything needed to reproduce the file — tool version, model hash,
// mapping, input hashes, seed, threads, block sizes and output settings.
#pragma once
#include <string>

#include "core/json_file.hpp"

namespace lw::render {

// "out.wav" -> "out.manifest.json"; "-" has no default manifest ("").
std::string default_manifest_path(const std::string& audio_path);

// {"path", "sha256"} of an input file (path "-" is recorded without hash).
json file_entry(const std::string& path);

// Starts a manifest: format, version, tool version string, subcommand.
json new_manifest(const std::string& tool_version, const std::string& mode);

}  // namespace lw::render
