#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "features/extract.hpp"

using namespace lw::features;
namespace fs = std::filesystem;

namespace {
Table sample() {
  Table t;
  t.sample_rate = 44100;
  t.hop = 512;
  t.window = 1024;
  t.source = "a \"quoted\" name.wav";
  t.names = {"loudness", "centroid"};
  t.units = {"dBFS", "Hz"};
  t.times = {0, 512.0 / 44100, 1024.0 / 44100};
  t.values = {-20.125, 1000.0 / 3, -144, 0, 0.1 + 0.2, 1e-300};
  return t;
}
std::string tmp(const std::string& name) { return (fs::temp_directory_path() / ("lwf_" + name)).string(); }
}  // namespace

TEST(TableIo, JsonAndCsvRoundTripExactly) {
  const Table t = sample();
  for (const char* ext : {".json", ".csv"}) {
    const std::string p = tmp(std::string("rt") + ext);
    write_table(t, p);
    const Table r = read_table(p);
    EXPECT_EQ(r.names, t.names);
    EXPECT_EQ(r.units, t.units);
    EXPECT_EQ(r.times, t.times);
    EXPECT_EQ(r.values, t.values);  // shortest round-trip numbers: bit exact
    EXPECT_EQ(r.sample_rate, 44100);
    EXPECT_EQ(r.hop, 512);
    fs::remove(p);
  }
}

TEST(TableIo, BadFilesNameWhatIsWrong) {
  auto expect_error = [](const std::string& text, const std::string& ext, const std::string& needle) {
    const std::string p = tmp("bad" + ext);
    std::ofstream(p) << text;
    try {
      read_table(p);
      ADD_FAILURE() << "no error for " << text;
    } catch (const lw::Error& e) {
      EXPECT_EQ(e.code(), lw::Exit::BadInput);
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
    }
    fs::remove(p);
  };
  expect_error("{\"format\":\"latentwalk.control\",\"version\":1}", ".json", "latentwalk.features");
  expect_error("{\"format\":\"latentwalk.features\",\"version\":1,\"sample_rate\":1,\"hop\":1,"
               "\"features\":[{\"name\":\"a\"}],\"times\":[0,1],\"frames\":[[1],[2,3]]}",
               ".json", "frames[1]");
  expect_error("time,a\n0,1\n0.1,x\n", ".csv", ":3:");
  expect_error("time,a\n0,1\n0.1,2,3\n", ".csv", "3 fields");
  expect_error("t,a\n0,1\n", ".csv", "header");
  expect_error("time,a\n1,1\n0.5,2\n", ".csv", "does not increase");
}
