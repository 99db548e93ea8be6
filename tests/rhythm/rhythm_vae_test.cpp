// The rhythm VAE on the test grooves: training lowers the loss, longer
// training reconstructs the training loops, the same seed and thread count
// give the same bytes, and weights survive the model file.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.hpp"
#include "model/torch_runtime.hpp"
#include "rhythm/dataset.hpp"
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
