#include "render/batch.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "core/error.hpp"

using namespace lw;
using namespace lw::render;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + name;
  std::ofstream(path) << text;
  return path;
}
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    return e.what();
  }
  return "";
}
}  // namespace

TEST(Batch, TemplateNamesWalkMappingModelAndNumber) {
  BatchJob j{"walks/a.take.json", "maps/wide.yaml", "builtin:voices", "", ""};
  EXPECT_EQ(expand_output_template("out/{stem}-{mapping}-{model}-{n}.wav", j, 7), "out/a.take-wide-voices-7.wav");
  j.mapping = "";
  j.model = "/m/rave_v2.ts";
  EXPECT_EQ(expand_output_template("{stem}_{mapping}_{model}.flac", j, 1), "a.take_default_rave_v2.flac");
  EXPECT_NE(error_of([&] { expand_output_template("{walk}.wav", j, 1); }).find("unknown {walk}"), std::string::npos);
  EXPECT_NE(error_of([&] { expand_output_template("{stem.wav", j, 1); }).find("without '}'"), std::string::npos);
}

TEST(Batch, ProductOfWalksMappingsModels) {
  auto jobs = product_jobs({"a.json", "b.json"}, {"m1.yaml", "m2.yaml"}, {"x.ts", "y.ts", "z.ts"},
                           "{stem}-{mapping}-{model}.wav");
  ASSERT_EQ(jobs.size(), 12u);
  EXPECT_EQ(jobs[0].output, "a-m1-x.wav");
  EXPECT_EQ(jobs[1].output, "a-m1-y.wav");
  EXPECT_EQ(jobs[3].output, "a-m2-x.wav");
  EXPECT_EQ(jobs[11].output, "b-m2-z.wav");
  EXPECT_EQ(product_jobs({"a.json"}, {}, {"x.ts"}, "one.wav").size(), 1u);  // one job: a plain name
  EXPECT_NE(error_of([] { product_jobs({"a.json", "b.json"}, {}, {"x.ts"}, "one.wav"); }).find("need an output template"),
            std::string::npos);
}

TEST(Batch, JobsFile) {
  auto path = write_temp("jobs.txt",
                         "# walk mapping model output\n\nw1.json\t-\tbuiltin:voices\tout/my take.wav\n"
                         "w2.json  wide.yaml  -  out/2.wav\r\n");
  auto jobs = read_jobs_file(path, "default.ts");
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].mapping, "");
  EXPECT_EQ(jobs[0].output, "out/my take.wav");  // tabs: spaces inside fields
  EXPECT_EQ(jobs[1].model, "default.ts");
  EXPECT_EQ(jobs[1].mapping, "wide.yaml");
  EXPECT_EQ(jobs[1].where, path + ":4");
  auto bad = write_temp("bad-jobs.txt", "w1.json - out.wav\n");
  EXPECT_NE(error_of([&] { read_jobs_file(bad, "m.ts"); }).find("bad-jobs.txt:1: expected 4 fields"), std::string::npos);
  auto empty = write_temp("empty-jobs.txt", "# nothing\n");
  EXPECT_NE(error_of([&] { read_jobs_file(empty, "m.ts"); }).find("no jobs"), std::string::npos);
}

TEST(Batch, OutputsDistinctAndNeverAnInput) {
  std::vector<BatchJob> jobs{{"a.json", "", "m.ts", "out/a.wav", "job 1"}, {"b.json", "", "m.ts", "out/./a.wav", "job 2"}};
  EXPECT_NE(error_of([&] { check_batch(jobs, {}, {}); }).find("job 2: output 'out/./a.wav' is also written by job 1"),
            std::string::npos);
  jobs[1].output = "a.json";
  EXPECT_NE(error_of([&] { check_batch(jobs, {}, {}); }).find("is an input of the batch"), std::string::npos);
  jobs[1].output = "out/b.wav";
  EXPECT_NE(error_of([&] { check_batch(jobs, {"out/a.json", "out/a.wav"}, {}); }).find("also written by job 1"),
            std::string::npos);
  EXPECT_NE(error_of([&] { check_batch(jobs, {}, {"out/b.wav"}); }).find("input of the batch"), std::string::npos);
  EXPECT_EQ(error_of([&] { check_batch(jobs, {"out/a.manifest.json", "out/b.manifest.json"}, {"scene.yaml"}); }), "");
}
