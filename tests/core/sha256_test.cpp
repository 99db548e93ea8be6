#include "core/sha256.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

// Test vectors from FIPS 180-4 examples.
TEST(Sha256, KnownVectors) {
  EXPECT_EQ(lw::sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(lw::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(lw::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(lw::sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// The SHA-NI compression must give the portable code's digests for every
// length and every way of splitting the input across update() calls
// (a pending partial block, then whole blocks straight from the caller).
TEST(Sha256, HardwarePathMatchesPortable) {
  if (!lw::sha256_impl_available(lw::Sha256Impl::X86Sha)) GTEST_SKIP() << "this CPU has no SHA extensions";
  const lw::Sha256Impl before = lw::sha256_selected();
  std::mt19937 rng(7);
  std::vector<unsigned char> data(300000);
  for (auto& c : data) c = static_cast<unsigned char>(rng());
  for (std::size_t n : {0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4096, 65537, 300000}) {
    ASSERT_TRUE(lw::sha256_select(lw::Sha256Impl::Portable));
    lw::Sha256 portable;
    portable.update(data.data(), n);
    const std::string want = portable.hex_digest();
    ASSERT_TRUE(lw::sha256_select(lw::Sha256Impl::X86Sha));
    lw::Sha256 whole, pieces;
    whole.update(data.data(), n);
    for (std::size_t k = 0; k < n;) {
      const std::size_t step = std::min<std::size_t>(n - k, 1 + rng() % 150);
      pieces.update(data.data() + k, step);
      k += step;
    }
    EXPECT_EQ(whole.hex_digest(), want) << n << " bytes in one call";
    EXPECT_EQ(pieces.hex_digest(), want) << n << " bytes in pieces";
  }
  EXPECT_EQ(lw::sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  lw::sha256_select(before);
}

TEST(Sha256, PortablePathKnownVectors) {
  const lw::Sha256Impl before = lw::sha256_selected();
  ASSERT_TRUE(lw::sha256_select(lw::Sha256Impl::Portable));
  EXPECT_EQ(lw::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(lw::sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  lw::sha256_select(before);
}
