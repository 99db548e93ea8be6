#include "explorer/dataset.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.hpp"

using namespace lw;
using namespace lw::explorer;

namespace {

Dataset two_inputs() { return make_dataset({"loudness", "centroid"}, default_outputs()); }

Pair pair(std::vector<double> in, std::vector<double> out) {
  Pair p;
  p.in = std::move(in);
  p.out = std::move(out);
  return p;
}

int exit_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return static_cast<int>(e.code());
  }
  return 0;
}

}  // namespace

TEST(ExplorerDataset, DefaultOutputsAreTheExplorersFour) {
  auto o = default_outputs();
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o[0].name, "x");
  EXPECT_EQ(o[1].name, "y");
  EXPECT_EQ(o[2].name, "noise");
  EXPECT_EQ(o[3].name, "ramp_ms");
  EXPECT_EQ(o[0].min, -3);
  EXPECT_EQ(o[3].max, 10000);
}

TEST(ExplorerDataset, IdsAreNeverReused) {
  Dataset d = two_inputs();
  auto a = add_pairs(d, {pair({-20, 500}, {1, 1, 0, 100}), pair({-10, 900}, {-1, 2, 1, 50})}, "d.json");
  EXPECT_EQ(a, (std::vector<std::uint64_t>{1, 2}));
  remove_pairs(d, {2});
  auto b = add_pairs(d, {pair({-30, 300}, {0, 0, 0, 0})}, "d.json");
  EXPECT_EQ(b, (std::vector<std::uint64_t>{3}));
  ASSERT_EQ(d.pairs.size(), 2u);
  EXPECT_EQ(d.pairs[1].id, 3u);
}

TEST(ExplorerDataset, AddIsAllOrNothing) {
  Dataset d = two_inputs();
  // second pair has an output outside its range: nothing is added
  EXPECT_EQ(exit_of([&] {
              add_pairs(d, {pair({-20, 500}, {1, 1, 0, 100}), pair({-10, 900}, {5, 0, 0, 0})}, "d.json");
            }),
            2);
  EXPECT_TRUE(d.pairs.empty());
  EXPECT_EQ(d.next_id, 1u);
  // wrong number of inputs, non-finite input
  EXPECT_EQ(exit_of([&] { add_pairs(d, {pair({-20}, {1, 1, 0, 100})}, "d.json"); }), 2);
  EXPECT_EQ(exit_of([&] {
              add_pairs(d, {pair({std::numeric_limits<double>::quiet_NaN(), 1}, {1, 1, 0, 100})}, "d.json");
            }),
            2);
  EXPECT_TRUE(d.pairs.empty());
}

TEST(ExplorerDataset, RemovingAnUnknownIdRemovesNothing) {
  Dataset d = two_inputs();
  add_pairs(d, {pair({-20, 500}, {1, 1, 0, 100}), pair({-10, 900}, {-1, 2, 1, 50})}, "d.json");
  EXPECT_EQ(exit_of([&] { remove_pairs(d, {1, 9}); }), 2);
  EXPECT_EQ(d.pairs.size(), 2u);
}

TEST(ExplorerDataset, RoundTripKeepsProvenance) {
  Dataset d = two_inputs();
  Pair p = pair({-20.5, 512.25}, {1.5, -2, 0.25, 400});
  p.source.kind = "audio";
  p.source.file = "take.wav";
  p.source.sha256 = std::string(64, 'a');
  p.source.from = 0.5;
  p.source.to = 2.0;
  p.source.frame = 7;
  add_pairs(d, {p, pair({0, 1}, {0, 0, 0, 0})}, "d.json");
  std::string text = dataset_to_json(d);
  Dataset back = parse_dataset(text, "d.json");
  ASSERT_EQ(back.pairs.size(), 2u);
  EXPECT_EQ(back.pairs[0].in, p.in);
  EXPECT_EQ(back.pairs[0].source.file, "take.wav");
  EXPECT_EQ(back.pairs[0].source.to, 2.0);
  EXPECT_EQ(*back.pairs[0].source.frame, 7u);
  EXPECT_EQ(back.pairs[1].source.kind, "manual");
  EXPECT_EQ(back.next_id, 3u);
  EXPECT_EQ(dataset_to_json(back), text);
}

TEST(ExplorerDataset, MalformedFilesAreRefusedNamingThePair) {
  const std::string head =
      R"({"format":"latentwalk.explorer-dataset","version":1,"inputs":["a","b"],
      "outputs":[{"name":"x","min":-3,"max":3}],"next_id":5,"pairs":[)";
  auto msg = [&](const std::string& pairs) -> std::string {
    try {
      parse_dataset(head + pairs + "]}", "d.json");
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Exit::BadInput);
      return e.what();
    }
    return "accepted";
  };
  EXPECT_NE(msg(R"({"id":2,"in":[1],"out":[0]})").find("pair 2: 1 inputs"), std::string::npos);
  EXPECT_NE(msg(R"({"id":2,"in":[1,null],"out":[0]})").find("pair 2"), std::string::npos);
  EXPECT_NE(msg(R"({"id":2,"in":[1,2],"out":[4]})").find("outside its range"), std::string::npos);
  EXPECT_NE(msg(R"({"id":2,"in":[1,2],"out":[0]},{"id":2,"in":[1,2],"out":[0]})").find("twice"), std::string::npos);
  EXPECT_NE(msg(R"({"id":9,"in":[1,2],"out":[0]})").find("next_id"), std::string::npos);
  EXPECT_EQ(msg(R"({"id":2,"in":[1,2],"out":[0]})"), "accepted");
  // truncated and foreign files
  EXPECT_EQ(exit_of([&] { parse_dataset(head, "d.json"); }), 2);
  EXPECT_EQ(exit_of([&] { parse_dataset(R"({"format":"latentwalk.features","version":1})", "d.json"); }), 2);
}

TEST(FlucomaDataset, ParsesTheLayoutAndRefusesWhatFlucomaWouldMisread) {
  const FlucomaDataset f =
      parse_flucoma_dataset(R"({"cols": 2, "data": {"point-10": [0.5, 1], "point-2": [0.25, 0]}})", "d.json");
  EXPECT_EQ(f.cols, 2u);
  ASSERT_EQ(f.ids.size(), 2u);
  EXPECT_EQ(f.rows[1], (std::vector<double>{0.25, 0}));
  for (const char* bad : {R"({"data": {}})", R"({"cols": 2})", R"({"cols": 2, "data": []})",
                          R"({"cols": 2, "data": {"a": [1]}})", R"({"cols": 2, "data": {"a": [1, "x"]}})",
                          R"({"cols": 0, "data": {}})", R"([1, 2])"})
    EXPECT_THROW(parse_flucoma_dataset(bad, "d.json"), Error) << bad;
  // an empty dataset is still the layout (FluCoMa needs "data" to be an object)
  EXPECT_EQ(flucoma_dataset_to_json(FlucomaDataset{3, {}, {}}), "{\n\t\"cols\": 3,\n\t\"data\": {}\n}\n");
}

TEST(FlucomaDataset, ExportMapsOutputsToUnitAndKeepsIds) {
  Dataset d = make_dataset({"loudness", "centroid"}, lse_outputs());
  Pair a, b;
  a.in = {0.1, 0.2};
  a.out = {127, 0, 1, 2500};
  a.source.kind = "flucoma";
  a.source.flucoma_id = "point-7";
  b.in = {0.3, 0.4};
  b.out = {63.5, 127, 2, 0};
  add_pairs(d, {a, b}, "test");
  FlucomaDataset in, out;
  export_flucoma(d, in, out);
  EXPECT_EQ(in.ids, (std::vector<std::string>{"point-7", "pair-2"}));
  EXPECT_EQ(out.rows[0], (std::vector<double>{1, 0, 0.5, 0.5}));
  EXPECT_EQ(out.rows[1], (std::vector<double>{0.5, 1, 1, 0}));
  EXPECT_EQ(in.rows[1], b.in);
}
