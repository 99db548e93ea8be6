#include "walk/input_buffer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <istream>

#include "test_util.hpp"

using lw::walk::detail::InputBuffer;
using lw::walk::test::error_of;
using lw::walk::test::TempDir;
using ::testing::HasSubstr;

TEST(InputBuffer, LinesAcrossChunkBoundariesWithNumbers) {
  TempDir d;
  // Lines of varying length so that several cross the 64 KiB buffer edge.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::string(static_cast<std::size_t>(i % 17), 'a') + std::to_string(i) + "\r\n";
  auto p = d.file("lines.txt", text);
  InputBuffer in(p);
  EXPECT_EQ(in.prefix().substr(0, 1), "0");
  std::string line;
  for (int i = 0; i < 20000; ++i) {
    ASSERT_TRUE(in.getline(line, 1024));
    ASSERT_EQ(line, std::string(static_cast<std::size_t>(i % 17), 'a') + std::to_string(i));
    ASSERT_EQ(in.line(), static_cast<std::size_t>(i) + 2);
  }
  EXPECT_FALSE(in.getline(line, 1024));
}

TEST(InputBuffer, StopsAtNulAndLongLinesAndLongTokens) {
  TempDir d;
  auto nul = d.file("nul.txt", std::string("ok\nfine\nbad\0rest\n", 17));
  InputBuffer a(nul);
  std::string line;
  ASSERT_TRUE(a.getline(line, 100));
  ASSERT_TRUE(a.getline(line, 100));
  EXPECT_THAT(error_of([&] {
                while (a.getline(line, 100)) {
                }
              }),
              HasSubstr("nul.txt:3: contains binary data"));
  auto long_line = d.file("long.txt", std::string(5000, 'x') + "\n");
  InputBuffer b(long_line);
  EXPECT_THAT(error_of([&] { b.getline(line, 1000); }), HasSubstr("long.txt:1: line longer than 1000 bytes"));
  auto token = d.file("token.json", "{\"a\": \"" + std::string(5000, 'x') + "\"}");
  InputBuffer c(token);
  c.set_max_token(1000);
  std::istream s(&c);
  std::string all((std::istreambuf_iterator<char>(s)), std::istreambuf_iterator<char>());
  EXPECT_LT(all.size(), 1100u);
  EXPECT_THAT(c.stop_reason(), HasSubstr("token longer than 1000"));
}
