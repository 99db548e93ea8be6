// The rhythm VAE on the test grooves: training lowers the loss, longer
// training reconstructs the training loops, the same seed and thread count
// give the same bytes, and weights survive the model file.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>

#include "core/error.hpp"
#include "model/torch_runtime.hpp"
#include "rhythm/dataset.hpp"
#include "rhythm/pca.hpp"
#include "rhythm/rhythm_vae.hpp"

using namespace lw;
using namespace lw::rhythm;

namespace {

std::vector<Pattern> grooves(int steps_per_quarter = 4) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::string(LW_TESTDATA) + "/midi"))
    if (e.path().extension() == ".mid" && e.path().filename() != "no-drums.mid") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  GridOptions g;
  g.steps_per_quarter = steps_per_quarter;
  std::vector<Pattern> out;
  for (auto& l : load_dataset(files, g, 5).loops) out.push_back(l.pattern);
  return out;
}

std::vector<NamedTensor> trained(std::uint64_t seed, int epochs, TrainReport* rep = nullptr) {
  model::set_threads(1);
  model::seed_torch(seed);
  RhythmVae vae(VaeShape{32, 2});
  TrainOptions o;
  o.epochs = epochs;
  o.seed = seed;
  auto r = vae.train(grooves(), o);
  if (rep) *rep = r;
  return vae.weights();
}

}  // namespace

TEST(RhythmVae, TheTestGroovesGiveEnoughLoops) {
  auto g = grooves();
  EXPECT_GE(g.size(), 20u);
  EXPECT_EQ(g[0].steps, 32);
  EXPECT_EQ(grooves(12)[0].steps, 96);
}

TEST(RhythmVae, AFewEpochsLowerTheLoss) {
  TrainReport rep;
  trained(1, 12, &rep);
  ASSERT_EQ(rep.history.size(), 12u);
  EXPECT_LT(rep.history.back().loss, 0.7 * rep.history.front().loss);
  EXPECT_LT(rep.history.back().onset, rep.history.front().onset);
  EXPECT_EQ(rep.examples_per_epoch, 64u);  // ~20 training loops sampled up to 64
  EXPECT_EQ(rep.heldout_indices.size(), std::size_t(std::lround(grooves().size() / 6.0)));
  EXPECT_TRUE(rep.history.back().has_heldout);
}

TEST(RhythmVae, SameSeedSameBytesOtherSeedOtherWeights) {
  auto a = trained(7, 3), b = trained(7, 3), c = trained(8, 3);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].data, b[i].data) << a[i].name;
  }
  EXPECT_NE(a[0].data, c[0].data);
}

TEST(RhythmVae, LongerTrainingReconstructsTheTrainingLoops) {
  // Eight grooves (16 loops), the size of set the tool is for.
  GridOptions g;
  std::vector<std::string> files;
  for (const char* f : {"rock", "funk", "bossa", "disco", "halftime", "breakbeat", "one-drop", "tom-groove"})
    files.push_back(std::string(LW_TESTDATA) + "/midi/" + f + ".mid");
  std::vector<Pattern> loops;
  for (auto& l : load_dataset(files, g, 5).loops) loops.push_back(l.pattern);
  ASSERT_EQ(loops.size(), 16u);
  model::set_threads(1);
  model::seed_torch(3);
  RhythmVae vae(VaeShape{32, 2});
  TrainOptions o;
  o.epochs = 300;
  o.seed = 3;
  o.holdout = 0;
  auto rep = vae.train(loops, o);
  std::cout << "training loops after 300 epochs: onset F1 " << rep.train.onset_f1 << ", velocity error "
            << rep.train.velocity_mae << ", timing error " << rep.train.timing_mae << "\n";
  EXPECT_GT(rep.train.onset_f1, 0.9);
  EXPECT_LT(rep.train.velocity_mae, 0.1);
  EXPECT_LT(rep.train.timing_mae, 0.1);
}

TEST(RhythmVae, WeightsLoadIntoAFreshModel) {
  model::set_threads(1);
  model::seed_torch(5);
  RhythmVae a(VaeShape{32, 3});
  TrainOptions o;
  o.epochs = 2;
  a.train(grooves(), o);
  ModelFile mf;
  mf.tensors = a.weights();
  ModelFile back = parse_model(serialise_model(mf), "m");
  RhythmVae b(VaeShape{32, 3});
  b.load_weights(back.tensors, "m");
  auto g = grooves();
  auto za = a.encode(g), zb = b.encode(g);
  EXPECT_EQ(za, zb);
  EXPECT_EQ(za[0].size(), 3u);
  auto da = a.decode(za), db = b.decode(zb);
  EXPECT_EQ(da[0].onset, db[0].onset);
  RhythmVae wrong(VaeShape{32, 2});
  EXPECT_THROW(wrong.load_weights(back.tensors, "m"), Error);
}

// A decoder-only model (as imported from M4L.RhythmVAE) decodes exactly like
// the full model its decoder came from, and refuses to encode.
TEST(RhythmVae, DecoderOnlyDecodesTheSameAndRefusesToEncode) {
  auto w = trained(5, 3);
  RhythmVae full(VaeShape{32, 2});
  full.load_weights(w, "full");
  std::vector<NamedTensor> dec;
  for (const auto& t : w)
    if (t.name.rfind("dec_", 0) == 0 || t.name.rfind("out_", 0) == 0) dec.push_back(t);
  model::seed_torch(99);  // other (unused) encoder weights
  RhythmVae only(VaeShape{32, 2});
  only.load_weights(dec, "dec", true);
  EXPECT_FALSE(only.has_encoder());
  const std::vector<std::vector<float>> zs = {{0.f, 0.f}, {1.5f, -2.f}};
  auto a = full.decode(zs), b = only.decode(zs);
  for (std::size_t i = 0; i < zs.size(); ++i) {
    EXPECT_EQ(a[i].onset, b[i].onset);
    EXPECT_EQ(a[i].offset, b[i].offset);
  }
  try {
    only.encode(grooves());
    FAIL() << "a decoder-only model encoded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("only a decoder"), std::string::npos);
  }
  // Missing decoder tensors are still refused.
  dec.pop_back();
  RhythmVae bad(VaeShape{32, 2});
  EXPECT_THROW(bad.load_weights(dec, "dec", true), Error);
}

// The latent check flags an untrained model's latent space as unused (its
// log-variances sit near 0). That trained models pass it across seeds is
// tests/rhythm/rhythm_reliability.sh (and the seed study in tests/bench).
TEST(RhythmVae, LatentCheckFlagsAnUntrainedModel) {
  model::set_threads(1);
  model::seed_torch(1);
  RhythmVae fresh(VaeShape{32, 2, 4});
  const LatentCheck c = check_latent(fresh, grooves());
  ASSERT_EQ(c.dims.size(), 2u);
  EXPECT_FALSE(c.problems.empty());
  for (const auto& d : c.dims) EXPECT_GT(d.mean_logvar, -1);
}

namespace {

std::vector<NamedTensor> trained_with(std::uint64_t seed, int epochs, const std::function<void(TrainOptions&)>& set) {
  model::set_threads(1);
  model::seed_torch(seed);
  RhythmVae vae(VaeShape{32, 2, 4});
  TrainOptions o;
  o.epochs = epochs;
  o.seed = seed;
  set(o);
  vae.train(grooves(), o);
  return vae.weights();
}

const NamedTensor& tensor(const std::vector<NamedTensor>& w, const std::string& name) {
  for (const auto& t : w)
    if (t.name == name) return t;
  throw std::runtime_error("no tensor " + name);
}

double max_abs_diff(const std::vector<NamedTensor>& a, const std::vector<NamedTensor>& b) {
  double d = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t k = 0; k < a[i].data.size(); ++k) d = std::max(d, double(std::fabs(a[i].data[k] - b[i].data[k])));
  return d;
}

double squared_norm(const NamedTensor& t) {
  double s = 0;
  for (float v : t.data) s += double(v) * v;
  return s;
}

}  // namespace

// --ema: the model holds the averaged weights. With a decay near 0 the
// average is the last step's weights; with 0.9 it is not.
TEST(RhythmVae, EmaKeepsTheAveragedWeights) {
  auto plain = trained_with(2, 3, [](TrainOptions& o) { o.keep_best = false; });
  auto tiny = trained_with(2, 3, [](TrainOptions& o) { o.keep_best = false; o.ema = 1e-9; });
  auto avg = trained_with(2, 3, [](TrainOptions& o) { o.keep_best = false; o.ema = 0.9; });
  ASSERT_EQ(plain.size(), avg.size());
  EXPECT_LT(max_abs_diff(plain, tiny), 1e-5);
  EXPECT_GT(max_abs_diff(plain, avg), 1e-3);
  EXPECT_EQ(avg[0].data, trained_with(2, 3, [](TrainOptions& o) { o.keep_best = false; o.ema = 0.9; })[0].data);
}

// --weight-decay shrinks the weight matrices: the
// same seed trained with decay 1 ends with smaller matrices.
TEST(RhythmVae, WeightDecayShrinksTheWeightMatrices) {
  auto plain = trained_with(3, 4, [](TrainOptions&) {});
  auto decayed = trained_with(3, 4, [](TrainOptions& o) { o.weight_decay = 1; o.lr = 1e-2; });
  auto plain_fast = trained_with(3, 4, [](TrainOptions& o) { o.lr = 1e-2; });
  EXPECT_LT(squared_norm(tensor(decayed, "dec_hidden.weight")), 0.99 * squared_norm(tensor(plain_fast, "dec_hidden.weight")));
  EXPECT_LT(squared_norm(tensor(decayed, "enc_hidden.weight")), 0.99 * squared_norm(tensor(plain_fast, "enc_hidden.weight")));
  EXPECT_NE(tensor(plain, "dec_hidden.weight").data, tensor(decayed, "dec_hidden.weight").data);
}

// --bn-stats full: the first encoder batch norm's running mean is the mean
// of its input layer's output over all the training loops.
TEST(RhythmVae, FullBatchNormStatisticsAreThoseOfTheTrainingLoops) {
  auto w = trained_with(4, 2, [](TrainOptions& o) { o.holdout = 0; o.full_bn_stats = true; });
  const auto loops = grooves();
  const auto& W = tensor(w, "enc_onset.weight");  // [512, cells]
  const auto& b = tensor(w, "enc_onset.bias");
  const auto& mean = tensor(w, "enc_onset_bn.running_mean");
  const std::size_t cells = loops[0].onset.size();
  ASSERT_EQ(W.shape[1], std::int64_t(cells));
  std::vector<double> x(cells, 0);
  for (const auto& p : loops)
    for (std::size_t j = 0; j < cells; ++j) x[j] += p.onset[j] / double(loops.size());
  for (std::size_t u = 0; u < 512; u += 37) {
    double y = b.data[u];
    for (std::size_t j = 0; j < cells; ++j) y += W.data[u * cells + j] * x[j];
    EXPECT_NEAR(mean.data[u], y, 1e-4) << u;
  }
  // The running averages (the default) are not those.
  auto r = trained_with(4, 2, [](TrainOptions& o) { o.holdout = 0; });
  EXPECT_NE(tensor(r, "enc_onset_bn.running_mean").data, mean.data);
}

// --anchor: early in training the encoded means of the training loops sit
// near their places on the loops' principal components; without the anchor
// they do not.
TEST(RhythmVae, TheAnchorLaysTheLatentPlaneOutAlongThePrincipalComponents) {
  const auto loops = grooves();
  const auto target = principal_scores(loops, 2);
  auto distance = [&](double anchor) {
    model::set_threads(1);
    model::seed_torch(6);
    RhythmVae vae(VaeShape{32, 2, 4});
    TrainOptions o;
    o.epochs = 8;
    o.seed = 6;
    o.holdout = 0;
    o.anchor = 1;
    o.anchor_weight = anchor;
    vae.train(loops, o);
    const auto mu = vae.encode(loops);
    double d = 0;
    for (std::size_t i = 0; i < loops.size(); ++i)
      for (int k = 0; k < 2; ++k) d += std::pow(mu[i][std::size_t(k)] - target[i][std::size_t(k)], 2) / double(loops.size());
    return d;
  };
  const double pulled = distance(100), free = distance(0);
  std::cout << "mean squared distance from the principal-component places: anchored " << pulled << ", free " << free
            << "\n";
  EXPECT_LT(pulled, 0.5);
  EXPECT_GT(free, 10 * pulled);
}
