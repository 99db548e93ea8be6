#include "rhythm/model_file.hpp"

#include <cstring>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/sha256.hpp"

namespace lw::rhythm {
namespace {

constexpr char kMagic[8] = {'L', 'W', 'R', 'H', 'Y', 'T', 'H', 'M'};

void put_u64(std::string& s, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) s.push_back(char((v >> (8 * i)) & 0xFF));
}
std::uint64_t get_u64(const std::string& s, std::size_t p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | std::uint8_t(s[p + std::size_t(i)]);
  return v;
}
static_assert(sizeof(float) == 4, "float32 expected");

bool little_endian() {
  const std::uint32_t one = 1;
  unsigned char c;
  std::memcpy(&c, &one, 1);
  return c == 1;
}

}  // namespace

std::string serialise_model(ModelFile model) {
  if (!little_endian()) fail_internal("model files are written on little-endian machines only");
  std::string blob;
  json table = json::array();
  for (const auto& t : model.tensors) {
    std::int64_t count = 1;
    for (auto d : t.shape) count *= d;
    if (count != std::int64_t(t.data.size())) fail_internal("tensor " + t.name + ": shape does not match data");
    table.push_back({{"name", t.name}, {"shape", t.shape}});
    if (!t.data.empty()) blob.append(reinterpret_cast<const char*>(t.data.data()), t.data.size() * sizeof(float));
  }
  model.header["format"] = kModelFormat;
  model.header["version"] = 1;
  model.header["tensors"] = table;
  model.header["weights_sha256"] = sha256_hex(blob);
  std::string head = model.header.dump(1);
  std::string out(kMagic, sizeof kMagic);
  put_u64(out, head.size());
  return out + head + blob;
}

ModelFile parse_model(const std::string& b, const std::string& name) {
  if (b.size() < 16 || std::memcmp(b.data(), kMagic, sizeof kMagic) != 0) {
    std::string kind;
    if (b.rfind("PK\x03\x04", 0) == 0) kind = " (it is a zip archive, e.g. a TorchScript model)";
    else if (b.rfind("MThd", 0) == 0) kind = " (it is a MIDI file)";
    else if (!b.empty() && (b[0] == '{' || b[0] == '[')) kind = " (it is a JSON file)";
    else if (b.rfind("RIFF", 0) == 0) kind = " (it is a RIFF/WAV file)";
    fail_input(name, "not an lw-rhythm model file" + kind);
  }
  if (!little_endian()) fail_internal("model files are read on little-endian machines only");
  std::uint64_t n = get_u64(b, 8);
  if (n > b.size() - 16) fail_input(name, "truncated lw-rhythm model (header runs past the end)");
  ModelFile m;
  m.header = parse_json_text(b.substr(16, std::size_t(n)), name);
  check_format(m.header, name, kModelFormat, 1);
  std::string blob = b.substr(16 + std::size_t(n));
  const json& table = get_field(m.header, "tensors", name);
  if (!table.is_array()) fail_input(name, "\"tensors\" is not an array");
  std::size_t pos = 0;
  for (const auto& e : table) {
    NamedTensor t;
    if (!e.is_object() || !e.contains("name") || !e["name"].is_string() || !e.contains("shape") ||
        !e["shape"].is_array())
      fail_input(name, "malformed tensor entry in the header");
    t.name = e["name"].get<std::string>();
    std::uint64_t count = 1;
    for (const auto& d : e["shape"]) {
      if (!d.is_number_integer() || d.get<std::int64_t>() < 0 || d.get<std::int64_t>() > (1 << 26))
        fail_input(name, "tensor " + t.name + ": bad shape");
      t.shape.push_back(d.get<std::int64_t>());
      count *= std::uint64_t(t.shape.back());
      if (count > (1ull << 28)) fail_input(name, "tensor " + t.name + ": bad shape");
    }
    std::size_t bytes = std::size_t(count) * sizeof(float);
    if (bytes > blob.size() - pos) fail_input(name, "truncated lw-rhythm model (tensor " + t.name + ")");
    t.data.resize(std::size_t(count));
    if (bytes > 0) std::memcpy(t.data.data(), blob.data() + pos, bytes);  // data() may be null when empty
    pos += bytes;
    m.tensors.push_back(std::move(t));
  }
  if (pos != blob.size()) fail_input(name, "lw-rhythm model has " + std::to_string(blob.size() - pos) + " unexpected trailing bytes");
  if (!m.header.contains("weights_sha256") || m.header["weights_sha256"] != sha256_hex(blob))
    fail_input(name, "weights do not match their SHA-256 in the header (corrupted file)");
  return m;
}

ModelFile read_model(const std::string& path) { return parse_model(read_file(path), display_name(path)); }

void write_model(const std::string& target, const ModelFile& model) {
  write_file_atomically(target, serialise_model(model));
}

}  // namespace lw::rhythm
