#include "explorer/mlp.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "core/json_file.hpp"

using namespace lw;
using namespace lw::explorer;

namespace {

// A 2-3-1 network written by hand in FluCoMa's layout.
const char* kBare = R"({"layers":[
 {"activation":3,"biases":[0.1,-0.2,0.3],"cols":3,"rows":2,
  "weights":[[0.5,-1.0,2.0],[1.5,0.25,-0.75]]},
 {"activation":1,"biases":[-0.4],"cols":1,"rows":3,"weights":[[1.0],[-2.0],[0.5]]}]})";

Mlp parse(const std::string& text) { return parse_mlp(parse_json_text(text, "m.json"), "m.json"); }

int exit_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return static_cast<int>(e.code());
  }
  return 0;
}

}  // namespace

TEST(ExplorerMlp, ForwardMatchesTheFormulaWrittenOut) {
  Mlp m = parse(kBare);
  ASSERT_TRUE(m.bare());
  const double x0 = 0.3, x1 = 0.8;
  // y = sigmoid(tanh(x W1 + b1) W2 + b2), computed term by term.
  double h0 = std::tanh(x0 * 0.5 + x1 * 1.5 + 0.1);
  double h1 = std::tanh(x0 * -1.0 + x1 * 0.25 - 0.2);
  double h2 = std::tanh(x0 * 2.0 + x1 * -0.75 + 0.3);
  double y = 1.0 / (1.0 + std::exp(-(h0 * 1.0 + h1 * -2.0 + h2 * 0.5 - 0.4)));
  auto out = predict(m, {x0, x1});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NEAR(out[0], y, 1e-15);
}

TEST(ExplorerMlp, ActivationsFollowFluCoMaCodes) {
  EXPECT_EQ(static_cast<int>(Activation::Identity), 0);
  EXPECT_EQ(static_cast<int>(Activation::Sigmoid), 1);
  EXPECT_EQ(static_cast<int>(Activation::Relu), 2);
  EXPECT_EQ(static_cast<int>(Activation::Tanh), 3);
  EXPECT_DOUBLE_EQ(activate(Activation::Relu, -2), 0);
  EXPECT_DOUBLE_EQ(activate(Activation::Relu, 2), 2);
  EXPECT_DOUBLE_EQ(activate(Activation::Sigmoid, 0), 0.5);
}

TEST(ExplorerMlp, ScalingMapsInputsToUnitAndOutputsBack) {
  Mlp m = make_mlp(1, {}, 1, Activation::Identity, Activation::Identity);
  m.layers[0].weights = {1.0};
  m.layers[0].biases = {0.0};
  m.inputs = {{"loudness", -60, 0}};
  m.outputs = {{"x", -3, 3}};
  // -30 dB -> 0.5 -> identity -> 0.5 -> x = 0
  EXPECT_NEAR(predict(m, {-30})[0], 0.0, 1e-12);
  EXPECT_NEAR(predict(m, {0})[0], 3.0, 1e-12);
  // A degenerate input range maps to the middle.
  EXPECT_DOUBLE_EQ(to_unit({"a", 2, 2}, 5), 0.5);
}

TEST(ExplorerMlp, RoundTripKeepsEveryBitAndExtraFields) {
  Mlp m = parse(kBare);
  m.inputs = {{"ambitus", 0, 24}, {"density", 0.5, 7.25}};
  m.outputs = {{"x", -3, 3}};
  m.training = {{"epochs", 10}};
  m.layers[0].weights[1] = 0.1 + 0.2;  // not representable in short decimal
  std::string text = dump_json(mlp_to_json(m));
  Mlp back = parse(text);
  EXPECT_EQ(back.layers[0].weights, m.layers[0].weights);
  EXPECT_EQ(back.inputs[1].name, "density");
  EXPECT_EQ(back.inputs[1].max, 7.25);
  EXPECT_EQ(dump_json(mlp_to_json(back)), text);
}

TEST(ExplorerMlp, FlucomaExportHasOnlyLayers) {
  Mlp m = parse(kBare);
  m.inputs = {{"a", 0, 1}, {"b", 0, 1}};
  m.outputs = {{"x", 0, 1}};
  json j = mlp_to_json(m, true);
  EXPECT_EQ(j.size(), 1u);
  ASSERT_TRUE(j.contains("layers"));
  EXPECT_EQ(j["layers"][0]["rows"], 2);
  EXPECT_EQ(j["layers"][0]["cols"], 3);
  EXPECT_EQ(j["layers"][0]["weights"].size(), 2u);     // rows
  EXPECT_EQ(j["layers"][0]["weights"][0].size(), 3u);  // cols
}

TEST(ExplorerMlp, RefusesLayersThatDoNotChain) {
  std::string bad = kBare;
  // Second layer claims 2 rows while the first has 3 cols.
  bad.replace(bad.find(R"("cols":1,"rows":3,"weights":[[1.0],[-2.0],[0.5]])"),
              std::string(R"("cols":1,"rows":3,"weights":[[1.0],[-2.0],[0.5]])").size(),
              R"("cols":1,"rows":2,"weights":[[1.0],[-2.0]])");
  try {
    parse(bad);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("layer 1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("chain"), std::string::npos) << e.what();
  }
}

TEST(ExplorerMlp, RefusesMalformedModels) {
  // truncated
  EXPECT_EQ(exit_of([] { parse(std::string(kBare).substr(0, 60)); }), 2);
  // a weight row of the wrong length
  EXPECT_EQ(exit_of([] { parse(R"({"layers":[{"activation":0,"biases":[0],"cols":1,"rows":2,"weights":[[1],[2,3]]}]})"); }),
            2);
  // non-finite (1e999 parses as infinity)
  EXPECT_EQ(exit_of([] { parse(R"({"layers":[{"activation":0,"biases":[1e999],"cols":1,"rows":1,"weights":[[1]]}]})"); }),
            2);
  // unknown activation
  EXPECT_EQ(exit_of([] { parse(R"({"layers":[{"activation":7,"biases":[0],"cols":1,"rows":1,"weights":[[1]]}]})"); }), 2);
  // no layers
  EXPECT_EQ(exit_of([] { parse(R"({"layers":[]})"); }), 2);
  // a latentwalk model whose names do not match the layer sizes
  EXPECT_EQ(exit_of([] {
              parse(R"({"format":"latentwalk.explorer-model","version":1,"inputs":[{"name":"a","min":0,"max":1}],
                "outputs":[{"name":"x","min":0,"max":1}],
                "layers":[{"activation":0,"biases":[0],"cols":1,"rows":2,"weights":[[1],[2]]}]})");
            }),
            2);
}
