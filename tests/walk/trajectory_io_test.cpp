#include "walk/trajectory_io.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cmath>
#include <fstream>

#include "test_util.hpp"

using namespace lw::walk;
using lw::walk::test::error_of;
using lw::walk::test::TempDir;
using ::testing::HasSubstr;

namespace {

Trajectory sample() {
  Trajectory t;
  t.rate_hz = 10;
  t.source = "unit test \"quoted\"";
  t.frames = {{0, 0.1, 1.7, -2, 359.5}, {0.1, 1.0 / 3.0, 1.7, -1.9, 0.25}, {0.25, 1e-300, -0.0, 12345.678901234567, 10}};
  return t;
}

void expect_same(const Trajectory& a, const Trajectory& b) {
  ASSERT_EQ(a.frames.size(), b.frames.size());
  for (std::size_t i = 0; i < a.frames.size(); ++i) {
    EXPECT_EQ(a.frames[i].t, b.frames[i].t) << i;
    EXPECT_EQ(a.frames[i].x, b.frames[i].x) << i;
    EXPECT_EQ(a.frames[i].y, b.frames[i].y) << i;
    EXPECT_EQ(a.frames[i].z, b.frames[i].z) << i;
    EXPECT_EQ(a.frames[i].azimuth, b.frames[i].azimuth) << i;
  }
}

}  // namespace

TEST(TrajectoryIo, RoundTripsEveryFormatLosslessly) {
  TempDir d;
  for (Format f : {Format::Json, Format::Csv, Format::Ndjson}) {
    std::string p = d.path(std::string("a.") + format_name(f));
    write_trajectory(p, sample(), f);
    Trajectory back = read_trajectory(p);
    expect_same(sample(), back);
    if (f != Format::Csv) {
      EXPECT_EQ(back.rate_hz, 10);
      EXPECT_EQ(back.source, sample().source);
    }
  }
}

TEST(TrajectoryIo, SniffsFormatWithoutExtension) {
  TempDir d;
  for (Format f : {Format::Json, Format::Csv, Format::Ndjson}) {
    std::string p = d.path(std::string("noext_") + format_name(f));
    write_trajectory(p, sample(), f);
    expect_same(sample(), read_trajectory(p));
  }
}

TEST(TrajectoryIo, FormatFromPath) {
  EXPECT_EQ(format_from_path("a/b.CSV"), Format::Csv);
  EXPECT_EQ(format_from_path("x.jsonl"), Format::Ndjson);
  EXPECT_EQ(format_from_path("x.ndjson"), Format::Ndjson);
  EXPECT_EQ(format_from_path("x.json"), Format::Json);
  EXPECT_THAT(error_of([] { format_from_path("dir.v2/walk"); }), HasSubstr("extension"));
}

TEST(TrajectoryIo, CsvEstimatesNominalRateAndAcceptsPhiAndColumnOrder) {
  TempDir d;
  auto p = d.file("w.csv", "x,phi,t,y,z\n1,90,0,0,0\n2,91,0.05,0,0\n3,92,0.1,0,0\n");
  Trajectory t = read_trajectory(p);
  ASSERT_EQ(t.frames.size(), 3u);
  EXPECT_DOUBLE_EQ(t.rate_hz, 20);
  EXPECT_EQ(t.frames[2].x, 3);
  EXPECT_EQ(t.frames[1].azimuth, 91);
}

TEST(TrajectoryIo, NdjsonWithoutTimeNeedsRate) {
  TempDir d;
  auto p = d.file("w.ndjson", "{\"x\":1,\"y\":2,\"z\":3,\"phi\":4}\n\n{\"x\":2,\"y\":2,\"z\":3,\"phi\":5}\n");
  EXPECT_THAT(error_of([&] { read_trajectory(p); }), HasSubstr("--rate"));
  ReadOptions o;
  o.rate_hz = 4;
  Trajectory t = read_trajectory(p, o);
  ASSERT_EQ(t.frames.size(), 2u);
  EXPECT_EQ(t.frames[1].t, 0.25);
  EXPECT_EQ(t.frames[1].azimuth, 5);
  EXPECT_EQ(t.rate_hz, 4);
}

TEST(TrajectoryIo, ReadsControlPathAsWalk) {
  TempDir d;
  auto p = d.file("c.json",
                  R"({"format":"latentwalk.control","version":1,"rate_hz":5,
                      "frames":[{"t":0,"x":0.5,"y":-1,"noise":0,"ramp_ms":10},{"t":0.2,"x":1,"y":2}]})");
  Trajectory t = read_trajectory(p);
  ASSERT_EQ(t.frames.size(), 2u);
  EXPECT_EQ(t.rate_hz, 5);
  EXPECT_EQ(t.frames[0].x, 0.5);
  EXPECT_EQ(t.frames[0].y, -1);
  EXPECT_EQ(t.frames[1].z, 0);
  EXPECT_EQ(t.frames[1].azimuth, 0);
}

TEST(TrajectoryIo, BadInputsNameFileLineAndFrame) {
  TempDir d;
  struct Case {
    const char* name;
    std::string content;
    std::string expect;
  };
  const std::string H = R"({"format":"latentwalk.trajectory","version":1,"rate_hz":10,"frames":[)";
  std::vector<Case> cases = {
      {"empty.json", "", "is empty"},
      {"empty.csv", "", "is empty"},
      {"blank.csv", "\n\n", "is empty"},
      {"noframes.csv", "t,x,y,z,azimuth\n", "no frames"},
      {"nocol.csv", "t,x,y,azimuth\n0,1,2,3\n", "missing column z"},
      {"noheader.csv", "0,1,2,3,4\n", "no header"},
      {"text.csv", "t,x,y,z,azimuth\n0,1,2,3,4\n0.1,1,abc,3,4\n", "nocsv"},
      {"nan.csv", "t,x,y,z,azimuth\n0,1,2,3,4\n0.1,1,nan,3,4\n", ":3: frame 1: y 'nan' is not finite"},
      {"back.csv", "t,x,y,z,azimuth\n0,1,2,3,4\n0.2,1,2,3,4\n0.1,1,2,3,4\n", ":4: frame 2: time goes backwards"},
      {"dup.csv", "t,x,y,z,azimuth\n0,1,2,3,4\n0,1,2,3,4\n", ":3: frame 1: duplicate time stamp"},
      {"short.csv", "t,x,y,z,azimuth\n0,1,2,3\n", "4 values, expected 5"},
      {"notjson.json", "hello", ":1: not valid JSON"},
      {"array.json", "[1,2]", "got an array"},
      {"other.json", R"({"format":"latentwalk.features","version":1,"frames":[]})", "\"latentwalk.features\""},
      {"v2.json", R"({"format":"latentwalk.trajectory","version":2,"frames":[{}]})", "version 2"},
      {"nof.json", R"({"format":"latentwalk.trajectory","version":1,"frames":[]})", "is empty"},
      {"missing.json", H + "\n{\"t\":0,\"x\":1,\"y\":1,\"z\":1,\"azimuth\":0},\n{\"t\":1,\"x\":1,\"y\":1}]}",
       ":3: frame 1: missing \"z\", \"azimuth\""},
      {"str.json", H + "\n{\"t\":0,\"x\":\"1\",\"y\":1,\"z\":1,\"azimuth\":0}]}", ":2: frame 0: \"x\" must be a number"},
      {"inf.json", H + "\n{\"t\":0,\"x\":1e999,\"y\":1,\"z\":1,\"azimuth\":0}]}", ":2: not valid JSON"},
      {"back.json", H + "{\"t\":1,\"x\":1,\"y\":1,\"z\":1,\"azimuth\":0},{\"t\":0.5,\"x\":1,\"y\":1,\"z\":1,\"azimuth\":0}]}",
       "frame 1: time goes backwards"},
      {"trunc.json", H + "{\"t\":1,\"x\":1,", "not valid JSON"},
      {"bad.ndjson", "{\"t\":0,\"x\":1,\"y\":1,\"z\":1,\"azimuth\":0}\n{\"t\":0.1,\"x\":1,\"y\":1,\"z\":1}\n", ":2: missing \"azimuth\""},
      {"garbage.ndjson", "{\"t\":0,\"x\":1,\"y\":1,\"z\":1,\"azimuth\":0}\nnot json\n", ":2: not a JSON object"},
      {"binary.csv", std::string("t,x,y,z,azimuth\n0,1,\0,3,4\n", 26), ":2: contains binary data"},
      {"binary", std::string("\x01\x02\0\0garbage", 11), "binary data"},
  };
  for (const auto& c : cases) {
    auto p = d.file(c.name, c.content);
    std::string msg = error_of([&] { read_trajectory(p); });
    if (c.expect == "nocsv") {
      EXPECT_THAT(msg, HasSubstr(":3: frame 1: y 'abc' is not a number")) << c.name;
    } else {
      EXPECT_THAT(msg, HasSubstr(c.expect)) << c.name;
    }
    EXPECT_THAT(msg, HasSubstr(c.name)) << c.name;  // names the file
  }
}

TEST(TrajectoryIo, CollectsProblemsForValidate) {
  TempDir d;
  auto p = d.file("many.csv", "t,x,y,z,azimuth\n0,1,2,3,4\n0.1,x,2,3,4\n0.2,1,2,3,inf\n0.3,1,2,3,4\n0.3,1,2,3,4\n");
  std::vector<std::string> problems;
  ReadOptions o;
  o.problems = &problems;
  Trajectory t = read_trajectory(p, o);
  EXPECT_EQ(t.frames.size(), 2u);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_THAT(problems[0], HasSubstr(":3:"));
  EXPECT_THAT(problems[1], HasSubstr(":4:"));
  EXPECT_THAT(problems[2], HasSubstr("duplicate"));
}

TEST(TrajectoryIo, CollectingStopsAfterAHundredProblems) {
  TempDir d;
  std::string text = "t,x,y,z,azimuth\n";
  for (int i = 0; i < 1000; ++i) text += "garbage\n";
  auto p = d.file("junk.csv", text);
  std::vector<std::string> problems;
  ReadOptions o;
  o.problems = &problems;
  EXPECT_THAT(error_of([&] { read_trajectory(p, o); }), HasSubstr("junk.csv:102: more than 100 problems"));
  EXPECT_EQ(problems.size(), 100u);
}

TEST(TrajectoryIo, NdjsonNamedJsonGetsAHint) {
  TempDir d;
  auto p = d.file("stream.json", "{\"t\":0,\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n{\"t\":1,\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n");
  EXPECT_THAT(error_of([&] { read_trajectory(p); }), HasSubstr("stream.json:2:"));
  EXPECT_THAT(error_of([&] { read_trajectory(p); }), HasSubstr("name the file .ndjson"));
}

// A huge file of garbage fails after reading a bounded prefix: a sparse 2 GB
// file (no disk used) of NUL bytes, and a streamed long line, under a memory
// limit far below 2 GB.
TEST(TrajectoryIo, HugeGarbageFailsFastWithBoundedMemory) {
  TempDir d;
  std::string sparse = d.path("sparse.csv");
  {
    std::ofstream f(sparse, std::ios::binary);
    f << "t,x,y,z,azimuth\n";
  }
  ASSERT_EQ(::truncate(sparse.c_str(), 2LL << 30), 0);
  std::string big = d.path("long.json");
  {
    std::ofstream f(big, std::ios::binary);
    std::string block(1 << 20, 'a');
    f << "{\"format\": \"";
    for (int i = 0; i < 8; ++i) f << block;  // an 8 MiB "token"
  }
  std::string big_csv = d.path("long.csv");
  {
    std::ofstream f(big_csv, std::ios::binary);
    std::string block(1 << 20, 'a');
    for (int i = 0; i < 8; ++i) f << block;
  }
  EXPECT_THAT(error_of([&] { read_trajectory(sparse); }), HasSubstr(":2: contains binary data"));
  EXPECT_THAT(error_of([&] { read_trajectory(big); }), HasSubstr("token longer than"));
  EXPECT_THAT(error_of([&] { read_trajectory(big_csv); }), HasSubstr(":1: line longer than"));
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  EXPECT_LT(ru.ru_maxrss, 200 * 1024);  // KiB: well under the file sizes
}
