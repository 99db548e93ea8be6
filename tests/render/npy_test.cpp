// The .npy writer and the strict reader agree, and malformed files are
// refused with the reason.
#include "render/npy.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "core/error.hpp"

using namespace lw;
using namespace lw::render;

namespace {

std::string npy(const std::string& dict, const std::string& data) {
  std::string d = dict;
  std::size_t total = 10 + d.size() + 1;
  d.append((64 - total % 64) % 64, ' ');
  d += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(d.size() & 0xff);
  out += char(d.size() >> 8);
  return out + d + data;
}

std::string doubles(const std::vector<double>& v) {
  std::string s(v.size() * 8, '\0');
  std::memcpy(s.data(), v.data(), s.size());
  return s;
}

}  // namespace

TEST(Npy, WriteThenReadIsExact) {
  std::vector<float> z = {0.f, 1.5f, -2.25f, 3e-8f, 7.f, -0.f};  // [2][3]
  const auto bytes = latents_npy_bytes(z.data(), 2, 3);
  EXPECT_EQ((bytes.size() - 6 * 4) % 64, 0u);  // header padded to 64 bytes like numpy
  auto a = parse_latents_npy(bytes, "z.npy", false);
  EXPECT_EQ(a.latent, 2);
  EXPECT_EQ(a.frames, 3);
  EXPECT_EQ(a.values, z);
  auto t = parse_latents_npy(bytes, "z.npy", true);  // the same array read as [frames, latent]
  EXPECT_EQ(t.latent, 3);
  EXPECT_EQ(t.frames, 2);
  EXPECT_EQ(t.values[1 * 2 + 0], 1.5f);  // dim 1, frame 0 = element (0, 1)
}

TEST(Npy, Float64FortranOrder) {
  // [[1, 2, 3], [4, 5, 6]] stored column-major
  auto b = npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", doubles({1, 4, 2, 5, 3, 6}));
  auto a = parse_latents_npy(b, "f.npy", false);
  EXPECT_EQ(a.values, (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(Npy, Refusals) {
  auto expect_refused = [](const std::string& bytes, const std::string& why) {
    try {
      parse_latents_npy(bytes, "bad.npy", false);
      FAIL() << "accepted: " << why;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Exit::BadInput);
      EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
    }
  };
  expect_refused("PK\x03\x04 nothing", "no \\x93NUMPY magic");
  expect_refused(npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 1), }", std::string(8, '\0')),
                 "dtype '<i4'");
  expect_refused(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", doubles({1, 2})), "1 dimensions");
  expect_refused(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", doubles({1, 2, 3})),
                 "the data holds 24 bytes");
  expect_refused(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", doubles({1, NAN})),
                 "frame 1, latent dimension 0");
  expect_refused(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", doubles({1e300, 0})),
                 "frame 0, latent dimension 0");
  expect_refused(npy("{'descr': '<f8', 'shape': (1, 1), }", doubles({1})), "must name descr, fortran_order and shape");
  expect_refused(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'x': 1}", doubles({1})),
                 "unknown key 'x'");
}
