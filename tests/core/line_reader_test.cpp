#include "core/line_reader.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace fs = std::filesystem;

TEST(LineReader, ReadsLinesWithNumbers) {
  fs::path p = fs::temp_directory_path() / "lw_lines.txt";
  std::ofstream(p) << "a\r\nb\n\nc";
  lw::LineReader r(p.string());
  std::string line;
  std::vector<std::string> got;
  while (r.next(line)) got.push_back(line);
  EXPECT_EQ(got, (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(r.line_number(), 4u);
}

TEST(LineReader, FailsFastOnAnEndlessLine) {
  fs::path p = fs::temp_directory_path() / "lw_garbage.txt";
  std::ofstream(p) << std::string(5000, 'x');
  lw::LineReader r(p.string(), 1000);
  std::string line;
  try {
    r.next(line);
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_NE(std::string(e.what()).find(":1: line longer than 1000 bytes"), std::string::npos) << e.what();
  }
}

TEST(LineReader, RefusesBinary) {
  fs::path p = fs::temp_directory_path() / "lw_binary.txt";
  std::ofstream(p, std::ios::binary) << "ok\nab" << '\0' << "cd\n";
  lw::LineReader r(p.string());
  std::string line;
  EXPECT_TRUE(r.next(line));
  EXPECT_THROW(r.next(line), lw::Error);
}

TEST(LineReader, MissingFileNamesIt) {
  try {
    lw::LineReader r("/no/such/file.csv");
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_EQ(std::string(e.what()), "/no/such/file.csv: no such file");
  }
}
