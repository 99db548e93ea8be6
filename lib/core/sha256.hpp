// SHA-256 (FIPS 180-4), for provenance: manifests and datasets record the hash
// of the files they were made from.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lw {

// The compression function behind every hash: the SHA extensions of x86 CPUs
// (SHA-NI, about 8x faster: a RAVE model of 125 MB hashes in ~0.07 s instead
// of ~0.5 s) where the CPU has them, else portable code. Both give the same
// digests; tests switch between them to compare.
enum class Sha256Impl { Portable, X86Sha };
bool sha256_impl_available(Sha256Impl impl);
// Selects the implementation for the whole process; false (and no change)
// when this CPU or build lacks it. Not thread-safe with hashing in progress.
bool sha256_select(Sha256Impl impl);
Sha256Impl sha256_selected();

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  std::array<std::uint8_t, 32> digest();
  std::string hex_digest();

 private:
  std::array<std::uint32_t, 8> h_;
  std::array<std::uint8_t, 64> buf_{};
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
};

std::string sha256_hex(const std::string& data);
// Hash of a file's bytes, read in blocks. Throws Exit::BadInput when unreadable.
std::string sha256_file(const std::string& path);

}  // namespace lw
