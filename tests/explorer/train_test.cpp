#include "explorer/train.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "core/json_file.hpp"
#include "model/torch_runtime.hpp"

using namespace lw;
using namespace lw::explorer;

namespace {

// 200 pairs of ten inputs in their own units; the outputs are a smooth function
// of two of them (the others are distractors): x follows loudness, y follows
// centroid, noise their mean, ramp_ms falls with loudness.
Dataset learnable(std::size_t n, std::uint64_t seed) {
  std::vector<std::string> names{"ambitus", "density", "loudness", "centroid", "spread",
                                 "skewness", "kurtosis", "rolloff", "flatness", "crest"};
  Dataset d = make_dataset(names, default_outputs());
  std::mt19937_64 gen(seed);
  auto u = [&] { return static_cast<double>(gen() >> 11) / 9007199254740992.0; };
  std::vector<Pair> pairs;
  for (std::size_t i = 0; i < n; ++i) {
    Pair p;
    std::vector<double> unit(10);
    for (auto& v : unit) v = u();
    p.in = {24 * unit[0], 8 * unit[1],     -60 + 60 * unit[2], 200 + 4000 * unit[3], 3000 * unit[4],
            unit[5] * 4,  1 + 20 * unit[6], 8000 * unit[7],     unit[8],              1 + 10 * unit[9]};
    double a = unit[2], b = unit[3];
    p.out = {-3 + 6 * a, -3 + 6 * b, 2 * (a + b) / 2, 10000 * (1 - a)};
    pairs.push_back(p);
  }
  add_pairs(d, pairs, "learnable");
  return d;
}

}  // namespace

TEST(ExplorerTrain, LearnsAKnownMappingToASmallValidationLoss) {
  model::set_threads(1);
  Dataset d = learnable(200, 1);
  TrainOptions opt;
  opt.seed = 3;
  TrainResult r = train(d, opt, std::nullopt);
  EXPECT_EQ(r.train_pairs, 160u);
  EXPECT_EQ(r.validation_pairs, 40u);
  ASSERT_TRUE(r.validation_loss);
  // Outputs are scaled to [0, 1]: predicting the mean everywhere costs ~0.07
  // (variance of a uniform value is 1/12); a learned mapping is far below.
  EXPECT_LT(*r.validation_loss, 0.005) << "train loss " << r.train_loss;
  // The model predicts unseen pairs in the outputs' own units.
  Dataset fresh = learnable(20, 99);
  double err = 0;
  for (const auto& p : fresh.pairs) {
    auto y = predict(r.model, p.in);
    err += std::abs(y[0] - p.out[0]) / 6 + std::abs(y[1] - p.out[1]) / 6;
  }
  EXPECT_LT(err / 40, 0.08);
}

TEST(ExplorerTrain, SameSeedSameBytes) {
  model::set_threads(1);
  Dataset d = learnable(60, 2);
  TrainOptions opt;
  opt.epochs = 50;
  opt.seed = 11;
  std::string a = dump_json(mlp_to_json(train(d, opt, std::nullopt).model));
  std::string b = dump_json(mlp_to_json(train(d, opt, std::nullopt).model));
  EXPECT_EQ(a, b);
  opt.seed = 12;
  EXPECT_NE(dump_json(mlp_to_json(train(d, opt, std::nullopt).model)), a);
}

TEST(ExplorerTrain, OnePairManyEpochsDoesNotCrash) {
  Dataset d = learnable(1, 5);
  TrainOptions opt;
  opt.epochs = 5000;
  TrainResult r = train(d, opt, std::nullopt);
  EXPECT_EQ(r.train_pairs, 1u);
  EXPECT_EQ(r.validation_pairs, 0u);
  EXPECT_FALSE(r.validation_loss);
  EXPECT_LT(r.train_loss, 1e-4);
  // Every input range is degenerate: the pair itself is still reproduced.
  auto y = predict(r.model, d.pairs[0].in);
  EXPECT_NEAR(y[0], d.pairs[0].out[0], 0.1);
}

TEST(ExplorerTrain, EmptyDatasetIsAClearError) {
  Dataset d = make_dataset({"a"}, default_outputs());
  try {
    train(d, TrainOptions{}, std::nullopt);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("no pairs"), std::string::npos);
  }
}

TEST(ExplorerTrain, ContinueKeepsScalingAndLowersTheLoss) {
  Dataset d = learnable(100, 4);
  TrainOptions opt;
  opt.epochs = 30;
  TrainResult first = train(d, opt, std::nullopt);
  // A new pair beyond the old input ranges does not change the model's scaling.
  TrainResult more = train(d, opt, first.model);
  EXPECT_EQ(more.model.inputs[2].min, first.model.inputs[2].min);
  EXPECT_LT(more.train_loss, first.train_loss);
  // A model for other inputs is refused.
  Dataset other = make_dataset({"a"}, default_outputs());
  add_pairs(other, {Pair{0, {1}, {0, 0, 0, 0}, {}}}, "other");
  EXPECT_THROW(train(other, opt, first.model), Error);
}
