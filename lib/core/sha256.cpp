#include "core/sha256.hpp"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#endif
#include <fstream>

#include "core/error.hpp"

namespace lw {
namespace {

constexpr std::uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

inline std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

using Compress = void (*)(std::uint32_t* h, const std::uint8_t* p, std::size_t blocks);

// FIPS 180-4, section 6.2.2, one 64-byte block after another.
void compress_portable(std::uint32_t* hs, const std::uint8_t* p, std::size_t blocks) {
  for (; blocks > 0; --blocks, p += 64) {
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = (std::uint32_t(p[4 * i]) << 24) | (std::uint32_t(p[4 * i + 1]) << 16) |
             (std::uint32_t(p[4 * i + 2]) << 8) | std::uint32_t(p[4 * i + 3]);
    for (int i = 16; i < 64; ++i) {
      std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = hs[0], b = hs[1], c = hs[2], d = hs[3], e = hs[4], f = hs[5], g = hs[6], h = hs[7];
    for (int i = 0; i < 64; ++i) {
      std::uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
      std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    hs[0] += a; hs[1] += b; hs[2] += c; hs[3] += d; hs[4] += e; hs[5] += f; hs[6] += g; hs[7] += h;
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
#define LW_SHA_X86 1
// The same compression with Intel's SHA extensions (described in Intel's
// "Intel SHA Extensions" paper, 2013): sha256rnds2 does two rounds on the
// state held as ABEF and CDGH; sha256msg1/msg2 extend the message schedule
// four words at a time (W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]).
__attribute__((target("sha,sse4.1,ssse3"))) void compress_x86sha(std::uint32_t* hs, const std::uint8_t* p,
                                                                 std::size_t blocks) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  // [A B C D] [E F G H] (lane 0 first) -> ABEF = [F E B A], CDGH = [H G D C].
  __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(hs)), 0xB1);    // B A D C
  __m128i efgh = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(hs + 4)), 0x1B);  // H G F E
  __m128i abef = _mm_alignr_epi8(abcd, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, abcd, 0xF0);
  for (; blocks > 0; --blocks, p += 64) {
    const __m128i abef0 = abef, cdgh0 = cdgh;
    __m128i w[4];
    for (int i = 0; i < 4; ++i)
      w[i] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i)), bswap);
    for (int r = 0; r < 16; ++r) {  // rounds 4r .. 4r+3 with W[4r .. 4r+3] in w[r % 4]
      if (r >= 4) {
        // w[r%4] holds W[4r-16..], w[(r+1)%4] W[4r-12..], w[(r+2)%4] W[4r-8..], w[(r+3)%4] W[4r-4..].
        __m128i t = _mm_sha256msg1_epu32(w[r % 4], w[(r + 1) % 4]);
        t = _mm_add_epi32(t, _mm_alignr_epi8(w[(r + 3) % 4], w[(r + 2) % 4], 4));  // + W[4r-7 ..]
        w[r % 4] = _mm_sha256msg2_epu32(t, w[(r + 3) % 4]);
      }
      __m128i wk = _mm_add_epi32(w[r % 4], _mm_loadu_si128(reinterpret_cast<const __m128i*>(K + 4 * r)));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);  // two rounds: cdgh now holds the new ABEF
      wk = _mm_shuffle_epi32(wk, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, wk);  // two more: the old ABEF is the new CDGH
    }
    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
  }
  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);  // A B E F
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);  // G H C D
  _mm_storeu_si128(reinterpret_cast<__m128i*>(hs), _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(hs + 4), _mm_alignr_epi8(dchg, feba, 8));
}
#endif

bool x86sha_available() {
#ifdef LW_SHA_X86
  // CPUID leaf 1: ECX bit 9 SSSE3, bit 19 SSE4.1; leaf 7 subleaf 0: EBX bit 29 SHA.
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19))) return false;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
  return (b & (1u << 29)) != 0;
#else
  return false;
#endif
}

Compress compress_for(Sha256Impl impl) {
#ifdef LW_SHA_X86
  if (impl == Sha256Impl::X86Sha) return compress_x86sha;
#endif
  (void)impl;
  return compress_portable;
}

Sha256Impl& selected() {
  static Sha256Impl impl = x86sha_available() ? Sha256Impl::X86Sha : Sha256Impl::Portable;
  return impl;
}

Compress& compress_selected() {
  static Compress fn = compress_for(selected());
  return fn;
}

}  // namespace

bool sha256_impl_available(Sha256Impl impl) { return impl == Sha256Impl::Portable || x86sha_available(); }

bool sha256_select(Sha256Impl impl) {
  if (!sha256_impl_available(impl)) return false;
  selected() = impl;
  compress_selected() = compress_for(impl);
  return true;
}

Sha256Impl sha256_selected() { return selected(); }

Sha256::Sha256()
    : h_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19} {}

void Sha256::update(const void* data, std::size_t size) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  const Compress compress = compress_selected();
  total_ += size;
  if (buf_len_ > 0) {  // complete the pending block first
    const std::size_t n = std::min(size, 64 - buf_len_);
    std::memcpy(buf_.data() + buf_len_, p, n);
    buf_len_ += n; p += n; size -= n;
    if (buf_len_ < 64) return;
    compress(h_.data(), buf_.data(), 1);
    buf_len_ = 0;
  }
  if (size >= 64) {  // whole blocks straight from the caller's bytes
    compress(h_.data(), p, size / 64);
    p += size / 64 * 64;
    size %= 64;
  }
  std::memcpy(buf_.data(), p, size);
  buf_len_ = size;
}

std::array<std::uint8_t, 32> Sha256::digest() {
  std::uint64_t bits = total_ * 8;
  std::uint8_t pad = 0x80;
  update(&pad, 1);
  std::uint8_t zero = 0;
  while (buf_len_ != 56) update(&zero, 1);
  std::uint8_t len[8];
  for (int i = 0; i < 8; ++i) len[i] = std::uint8_t(bits >> (56 - 8 * i));
  update(len, 8);
  std::array<std::uint8_t, 32> out{};
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 4; ++j) out[4 * i + j] = std::uint8_t(h_[i] >> (24 - 8 * j));
  return out;
}

std::string Sha256::hex_digest() {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (auto b : digest()) { s.push_back(hex[b >> 4]); s.push_back(hex[b & 15]); }
  return s;
}

std::string sha256_hex(const std::string& data) {
  Sha256 h;
  h.update(data.data(), data.size());
  return h.hex_digest();
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail_input(path, "cannot open for hashing");
  Sha256 h;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) h.update(buf, static_cast<std::size_t>(in.gcount()));
  return h.hex_digest();
}

}  // namespace lw
