// SHA-256 (FIPS 180-4), for provenance: manifests and datasets record the hash
// of the files they were made from.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lw {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  std::array<std::uint8_t, 32> digest();
  std::string hex_digest();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
};

std::string sha256_hex(const std::string& data);
// Hash of a file's bytes, read in blocks. Throws Exit::BadInput when unreadable.
std::string sha256_file(const std::string& path);

}  // namespace lw
