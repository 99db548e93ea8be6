// The lw-rhythm model file: one file holding the weights and every piece of
// metadata needed to use them (representation, drum map, architecture,
// training options and history, data hashes, final metrics).
//
// Layout (all integers little-endian):
//   bytes 0..7    magic "LWRHYTHM"
//   bytes 8..15   uint64 N, the length of the JSON header
//   N bytes       JSON header: {"format":"latentwalk.rhythm-model","version":1,
//                 ..., "tensors":[{"name","shape"}...], "weights_sha256":hex}
//   the rest      float32 values of the tensors, in header order, row-major
// The SHA-256 of the weight bytes is checked on reading.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/json_file.hpp"

namespace lw::rhythm {

struct NamedTensor {
  std::string name;
  std::vector<std::int64_t> shape;
  std::vector<float> data;
};

struct ModelFile {
  json header;  // metadata; "format", "version", "tensors", "weights_sha256" are filled in on writing
  std::vector<NamedTensor> tensors;
};

inline constexpr const char* kModelFormat = "latentwalk.rhythm-model";

std::string serialise_model(ModelFile model);
// Throws Exit::BadInput naming the file when it is not a rhythm model (another
// kind of file, a truncated or corrupted one, a newer version).
ModelFile parse_model(const std::string& bytes, const std::string& name);
ModelFile read_model(const std::string& path);
void write_model(const std::string& target, const ModelFile& model);

}  // namespace lw::rhythm
