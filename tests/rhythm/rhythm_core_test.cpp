// Torch-free rhythm code: drum maps, grid quantisation, loop slicing, pattern
// -> MIDI, control-path following, the model file container, the drum synth,
// the latent map and the principal components of the latent anchor.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "rhythm/control_follow.hpp"
#include "rhythm/dataset.hpp"
#include "rhythm/drum_synth.hpp"
#include "rhythm/latent_map.hpp"
#include "rhythm/model_file.hpp"
#include "rhythm/pca.hpp"
#include "rhythm/tfjs_model.hpp"

using namespace lw;
using namespace lw::rhythm;

namespace {

std::string testfile(const std::string& name) { return std::string(LW_TESTDATA) + "/midi/" + name; }

midi::File file_with(std::vector<midi::Note> notes, int division = 480) {
  midi::File f;
  f.division = division;
  f.notes = std::move(notes);
  return f;
}
midi::Note drum(std::uint32_t tick, int pitch, int vel = 100, int channel = 9) {
  return midi::Note{tick, 10, channel, pitch, vel, 1};
}

}  // namespace

TEST(DrumMap, MagentaAndStrict) {
  EXPECT_EQ(drum_class(DrumMap::Magenta, 36), 0);
  EXPECT_EQ(drum_class(DrumMap::Magenta, 35), 0);
  EXPECT_EQ(drum_class(DrumMap::Magenta, 37), 1);  // side stick counts as snare
  EXPECT_EQ(drum_class(DrumMap::Strict, 37), -1);  // ... but not in the strict map
  EXPECT_EQ(drum_class(DrumMap::Magenta, 44), 2);  // pedal hi-hat: closed
  EXPECT_EQ(drum_class(DrumMap::Magenta, 46), 3);
  EXPECT_EQ(drum_class(DrumMap::Magenta, 49), 7);
  EXPECT_EQ(drum_class(DrumMap::Magenta, 53), 8);  // ride bell
  EXPECT_EQ(drum_class(DrumMap::Magenta, 60), 5);  // hi bongo: mid tom
  EXPECT_EQ(drum_class(DrumMap::Magenta, 100), -1);
  for (int c = 0; c < kClasses; ++c) {
    EXPECT_EQ(drum_class(DrumMap::Magenta, class_pitch(c)), c);
    EXPECT_EQ(drum_class(DrumMap::Strict, class_pitch(c)), c);
  }
  EXPECT_THROW(parse_drum_map("gm"), Error);
}

TEST(Grid, QuantisesToNearestStepWithOffsetInHalfSteps) {
  // 480 ticks per quarter, 4 steps per quarter: 120 ticks per step.
  auto loops = quantise(file_with({drum(0, 36), drum(130, 42, 64), drum(55, 38), drum(60, 46), drum(3840 + 119, 36)}),
                        GridOptions{}, "t");
  ASSERT_EQ(loops.size(), 2u);
  const Pattern& p = loops[0].pattern;
  EXPECT_EQ(p.steps, 32);
  EXPECT_EQ(p.onset[Pattern::index(0, 0)], 1.f);
  EXPECT_EQ(p.offset[Pattern::index(0, 0)], 0.f);
  EXPECT_NEAR(p.offset[Pattern::index(1, 2)], (130.0 / 120 - 1) * 2, 1e-6);  // late
  EXPECT_NEAR(p.velocity[Pattern::index(1, 2)], 64 / 127.0, 1e-6);
  EXPECT_NEAR(p.offset[Pattern::index(0, 1)], (55.0 / 120) * 2, 1e-6);       // nearest is step 0
  EXPECT_NEAR(p.offset[Pattern::index(1, 3)], -1.0, 1e-6);  // exactly half-way: next step, offset -1
  // 3840 ticks = 8 quarters: the next loop; 119 ticks later rounds to its step 1, early.
  EXPECT_EQ(loops[1].pattern.onset[Pattern::index(1, 0)], 1.f);
  EXPECT_NEAR(loops[1].pattern.offset[Pattern::index(1, 0)], -2.0 / 120, 1e-6);
  EXPECT_EQ(loops[1].index, 1);
  for (float o : p.offset) {
    EXPECT_GE(o, -1.f);
    EXPECT_LT(o, 1.f);
  }
}

TEST(Grid, TripletResolutionChannelMergeAndMap) {
  GridOptions g;
  g.steps_per_quarter = 12;
  QuantiseStats st;
  auto loops = quantise(file_with({drum(160, 42), drum(320, 42), drum(0, 36, 50), drum(2, 35, 90), drum(0, 60, 90, 0),
                                   drum(40, 81)},
                                  480),
                        g, "t", &st);
  ASSERT_EQ(loops.size(), 1u);
  const Pattern& p = loops[0].pattern;
  EXPECT_EQ(p.steps, 96);
  EXPECT_EQ(p.onset[Pattern::index(4, 2)], 1.f);  // a triplet eighth lands on a step
  EXPECT_EQ(p.offset[Pattern::index(4, 2)], 0.f);
  EXPECT_EQ(p.onset[Pattern::index(8, 2)], 1.f);
  EXPECT_NEAR(p.velocity[Pattern::index(0, 0)], 90 / 127.0, 1e-6);  // the louder of two kicks in one cell
  EXPECT_EQ(st.merged, 1u);
  EXPECT_EQ(st.notes_on_channel, 5u);  // channel 1 note ignored
  EXPECT_EQ(st.unmapped, 0u);
  EXPECT_EQ(p.onset_count(), 4);
  GridOptions strict = g;
  strict.map = DrumMap::Strict;
  QuantiseStats st2;
  quantise(file_with({drum(0, 81), drum(0, 36)}), strict, "t", &st2);
  EXPECT_EQ(st2.unmapped, 1u);  // open triangle is not a drum in the strict map
}

TEST(Grid, TempoChangesDoNotMoveTheGrid) {
  midi::File f = file_with({drum(0, 36), drum(1920, 38), drum(3840, 36)});
  auto a = quantise(f, GridOptions{}, "a");
  f.tempos = {{0, 500000}, {960, 300000}, {2000, 900000}};
  auto b = quantise(f, GridOptions{}, "b");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].pattern.onset, b[i].pattern.onset);
}

TEST(Grid, DropsLoopsWithFewOnsets) {
  auto ds = load_dataset({testfile("sparse.mid")}, GridOptions{}, 5);
  ASSERT_EQ(ds.files.size(), 1u);
  EXPECT_EQ(ds.files[0].loops_dropped, 1u);  // the first two bars hold 4 onsets
  EXPECT_EQ(ds.files[0].loops_kept, 1u);
  EXPECT_EQ(ds.loops[0].index, 1);
  EXPECT_EQ(ds.files[0].sha256.size(), 64u);
}

TEST(Grid, FilesWithoutDrumsAreRefused) {
  try {
    load_dataset({testfile("rock.mid"), testfile("no-drums.mid")}, GridOptions{}, 5);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("no-drums.mid: no notes on MIDI channel 10"), std::string::npos) << e.what();
  }
}

TEST(Grid, PatternsToMidiAndBackKeepOnsetsVelocitiesAndTiming) {
  auto ds = load_dataset({testfile("funk.mid"), testfile("hiphop-swing.mid")}, GridOptions{}, 5);
  std::vector<Pattern> ps;
  for (auto& l : ds.loops) ps.push_back(l.pattern);
  RenderOptions ro;
  midi::File f = patterns_to_midi(ps, ro);
  EXPECT_EQ(f.tempos.at(0).us_per_quarter, 500000u);
  auto back = quantise(midi::parse(midi::serialise(f), "w"), GridOptions{}, "w");
  ASSERT_EQ(back.size(), ps.size());
  for (std::size_t k = 0; k < ps.size(); ++k) {
    EXPECT_EQ(back[k].pattern.onset, ps[k].onset);
    for (std::size_t i = 0; i < ps[k].cells(); ++i) {
      EXPECT_NEAR(back[k].pattern.velocity[i], ps[k].velocity[i], 0.5 / 127 + 1e-6);
      EXPECT_NEAR(back[k].pattern.offset[i], ps[k].offset[i], 2.0 / 120 + 1e-6);  // one tick
    }
  }
  // Both early and late hits survive.
  bool early = false, late = false;
  for (auto& p : ps)
    for (float o : p.offset) early |= o < -0.05f, late |= o > 0.05f;
  EXPECT_TRUE(early && late);
}

TEST(Grid, AccuracyCountsHitsAndErrors) {
  float t_on[4] = {1, 1, 0, 0}, t_vel[4] = {0.5f, 1, 0, 0}, t_off[4] = {0.2f, 0, 0, 0};
  float p_on[4] = {0.9f, 0.2f, 0.7f, 0.1f}, p_vel[4] = {0.7f, 0.5f, 0, 0}, p_off[4] = {0, 0.5f, 0, 0};
  Accuracy a;
  a.add(t_on, t_vel, t_off, p_on, p_vel, p_off, 4);
  EXPECT_DOUBLE_EQ(a.f1(), 2.0 / 4.0);  // tp 1, fp 1, fn 1
  EXPECT_NEAR(a.velocity_mae(), (0.2 + 0.5) / 2, 1e-6);
  EXPECT_NEAR(a.offset_mae(), (0.2 + 0.5) / 2, 1e-6);
}

TEST(ControlFollow, RampsTowardEachFrameFromWhereItIs) {
  walk::ControlPath p;
  p.frames = {{0, 0, 0, 0.1, 0}, {1, 2, 0, 0.2, 1000}, {3, 0, 2, 0.3, 0}};
  auto pts = follow_path(p, {0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 10});
  ASSERT_EQ(pts.size(), 8u);
  EXPECT_DOUBLE_EQ(pts[0].x, 0);
  EXPECT_DOUBLE_EQ(pts[1].x, 0);  // the second frame has not started
  EXPECT_DOUBLE_EQ(pts[2].x, 0);  // it starts now, with a 1 s ramp
  EXPECT_DOUBLE_EQ(pts[3].x, 1);  // half-way
  EXPECT_DOUBLE_EQ(pts[4].x, 2);
  EXPECT_DOUBLE_EQ(pts[5].x, 2);
  EXPECT_DOUBLE_EQ(pts[6].x, 0);  // ramp 0 jumps
  EXPECT_DOUBLE_EQ(pts[6].y, 2);
  EXPECT_DOUBLE_EQ(pts[7].y, 2);
  EXPECT_DOUBLE_EQ(pts[1].noise, 0.1);
  EXPECT_DOUBLE_EQ(pts[3].noise, 0.2);
  EXPECT_DOUBLE_EQ(pts[7].noise, 0.3);
}

TEST(ControlFollow, ANewFrameInterruptsARamp) {
  walk::ControlPath p;
  p.frames = {{0, 0, 0, 0, 0}, {0, 4, 0, 0, 4000}, {1, 1, 0, 0, 2000}};
  auto pts = follow_path(p, {1, 2, 3});
  EXPECT_DOUBLE_EQ(pts[0].x, 1);  // a quarter of the way to 4: starts the next ramp from 1
  EXPECT_DOUBLE_EQ(pts[1].x, 1);
  EXPECT_DOUBLE_EQ(pts[2].x, 1);
}

TEST(ModelFile, RoundTripsAndRefusesOtherFiles) {
  ModelFile m;
  m.header["note"] = "test";
  m.tensors = {{"a.weight", {2, 3}, {1, 2, 3, 4, 5, 6}}, {"b", {1}, {-0.5f}}};
  const std::string bytes = serialise_model(m);
  EXPECT_EQ(bytes, serialise_model(m));  // deterministic
  ModelFile r = parse_model(bytes, "m.lwr");
  EXPECT_EQ(r.header["note"], "test");
  EXPECT_EQ(r.header["format"], kModelFormat);
  ASSERT_EQ(r.tensors.size(), 2u);
  EXPECT_EQ(r.tensors[0].shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(r.tensors[0].data, m.tensors[0].data);
  auto refused = [](const std::string& b, const std::string& what) {
    try {
      parse_model(b, "m.lwr");
      ADD_FAILURE() << "accepted: " << what;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), Exit::BadInput);
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  refused("{\"format\":\"latentwalk.control\"}", "not an lw-rhythm model file (it is a JSON file)");
  refused(std::string("PK\x03\x04zipzipzipzip", 16), "zip archive");
  refused(read_file(testfile("rock.mid")), "MIDI file");
  refused(bytes.substr(0, bytes.size() - 1), "truncated");
  refused(bytes + "x", "trailing");
  std::string flipped = bytes;
  flipped[flipped.size() - 2] = char(flipped[flipped.size() - 2] ^ 1);
  refused(flipped, "SHA-256");
  std::string other = bytes;
  other.replace(other.find(kModelFormat), 23, "latentwalk.explorer-mdl");
  refused(other, "expected \"latentwalk.rhythm-model\"");
}

TEST(DrumSynth, RendersEveryClassDeterministically) {
  std::vector<midi::Note> notes;
  for (int c = 0; c < kClasses; ++c) notes.push_back(drum(std::uint32_t(c * 480), class_pitch(c)));
  notes.push_back(drum(0, 60, 100, 0));  // not a drum channel note
  midi::File f = file_with(notes);
  SynthStats st;
  auto a = render_drums(f, SynthOptions{}, &st);
  EXPECT_EQ(st.hits, 9u);
  EXPECT_EQ(st.skipped, 1u);
  EXPECT_EQ(a, render_drums(f, SynthOptions{}));
  // Each hit is audible where it starts (half a second apart at 120 bpm).
  for (int c = 0; c < kClasses; ++c) {
    double e = 0;
    for (int i = 0; i < 2205; ++i) e += double(a[std::size_t(c * 22050 + i)]) * a[std::size_t(c * 22050 + i)];
    EXPECT_GT(e / 2205, 1e-4) << class_names()[std::size_t(c)];
  }
  for (float s : a) ASSERT_LE(std::fabs(s), 1.f);
  // A kick is darker than a closed hi-hat: fewer zero crossings.
  auto crossings = [&](std::size_t from) {
    int n = 0;
    for (std::size_t i = from + 1; i < from + 2000; ++i) n += (a[i - 1] < 0) != (a[i] < 0);
    return n;
  };
  EXPECT_LT(crossings(0) * 5, crossings(2 * 22050));
}

TEST(LatentMap, DrawsEveryCellAndTheTrainingLoops) {
  MapGrid g;
  g.size = 3;
  g.range = 2;
  for (int k = 0; k < 9; ++k) {
    Pattern p(32);
    for (int s = 0; s < k * 3; ++s) p.onset[Pattern::index(s, k % 2 ? 2 : 0)] = 1, p.velocity[Pattern::index(s, 0)] = 1;
    g.patterns.push_back(p);
  }
  std::string svg = latent_map_svg(g, {{0.5, -1, "rock.mid loop 0"}}, "t");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_NE(svg.find("rock.mid loop 0"), std::string::npos);
  json j = latent_map_json(g);
  ASSERT_EQ(j["cells"].size(), 9u);
  EXPECT_EQ(j["cells"][8]["onsets"], 24);
  EXPECT_EQ(j["cells"][8]["x"], 2.0);
  EXPECT_EQ(j["cells"][0]["y"], -2.0);
  EXPECT_EQ(j["cells"][1]["per_class"][2], 3);  // odd cells: hi-hats
}

// M4L.RhythmVAE's tables (src/constants.js): where they differ from Magenta's.
TEST(DrumMap, RhythmVaeTables) {
  EXPECT_EQ(parse_drum_map("rhythmvae"), DrumMap::RhythmVae);
  EXPECT_EQ(parse_drum_map("rhythmvae-strict"), DrumMap::RhythmVaeStrict);
  EXPECT_EQ(drum_class(DrumMap::Magenta, 43), 4);
  EXPECT_EQ(drum_class(DrumMap::RhythmVae, 43), 6);      // high floor tom -> Tom high
  EXPECT_EQ(drum_class(DrumMap::Magenta, 52), 7);
  EXPECT_EQ(drum_class(DrumMap::RhythmVae, 52), 8);      // china with the rides ("Rim")
  EXPECT_EQ(drum_class(DrumMap::RhythmVae, 22), -1);
  EXPECT_EQ(drum_class(DrumMap::RhythmVaeStrict, 39), 7);  // hand clap -> Clap
  EXPECT_EQ(drum_class(DrumMap::RhythmVaeStrict, 44), 3);  // pedal hat -> Hi-hat open
  EXPECT_EQ(drum_class(DrumMap::RhythmVaeStrict, 37), -1);
  EXPECT_STREQ(class_names(DrumMap::RhythmVae)[7], "Clap");
  EXPECT_STREQ(class_names(DrumMap::RhythmVae)[8], "Rim");
  EXPECT_EQ(class_pitch(DrumMap::RhythmVaeStrict, 7), 39);
  int mapped = 0;
  for (int p = 0; p < 128; ++p) mapped += drum_class(DrumMap::RhythmVae, p) >= 0;
  EXPECT_EQ(mapped, 61);  // the 61 keys of MIDI_DRUM_MAP
  mapped = 0;
  for (int p = 0; p < 128; ++p) mapped += drum_class(DrumMap::RhythmVaeStrict, p) >= 0;
  EXPECT_EQ(mapped, 18);  // the 18 keys of MIDI_DRUM_MAP_STRICT
}

namespace {
// Small decoder tensors with lw-rhythm's names (widths H, B; 32 steps).
std::vector<NamedTensor> small_decoder(int L, int H, int B, int steps) {
  std::vector<NamedTensor> t;
  float v = 0.f;
  auto add = [&](const std::string& name, std::vector<std::int64_t> shape) {
    std::size_t n = 1;
    for (auto d : shape) n *= std::size_t(d);
    NamedTensor x{name, shape, std::vector<float>(n)};
    for (auto& f : x.data) {
      v += 0.37f;
      f = v - std::floor(v);
    }
    t.push_back(x);
  };
  add("dec_hidden.weight", {H, L});
  add("dec_hidden.bias", {H});
  for (const char* bn : {"dec_hidden_bn", "dec_onset_bn", "dec_velocity_bn", "dec_offset_bn"}) {
    const int n = std::string(bn) == "dec_hidden_bn" ? H : B;
    for (const char* k : {".weight", ".bias", ".running_mean", ".running_var"}) add(std::string(bn) + k, {n});
  }
  for (const char* h : {"onset", "velocity", "offset"}) {
    add(std::string("dec_") + h + ".weight", {B, H});
    add(std::string("dec_") + h + ".bias", {B});
    add(std::string("out_") + h + ".weight", {9 * steps, B});
    add(std::string("out_") + h + ".bias", {9 * steps});
  }
  return t;
}
}  // namespace

TEST(Tfjs, ExportThenImportGivesTheSameTensors) {
  auto ours = small_decoder(2, 16, 8, 32);
  TfjsFiles f = export_rhythmvae(ours, 32, 2, "test");
  json doc = json::parse(f.model_json);
  EXPECT_EQ(doc["format"], "layers-model");
  EXPECT_EQ(doc["modelTopology"]["config"]["output_layers"].size(), 3u);
  ImportedDecoder d = import_rhythmvae(f.model_json, "m.json", f.weights_bin, "w.bin");
  EXPECT_EQ(d.latent, 2);
  EXPECT_EQ(d.steps, 32);
  EXPECT_EQ(d.hidden, 16);
  EXPECT_EQ(d.branch, 8);
  std::map<std::string, const NamedTensor*> by;
  for (const auto& t : d.tensors) by[t.name] = &t;
  ASSERT_EQ(d.tensors.size(), ours.size());
  for (const auto& t : ours) {
    ASSERT_TRUE(by.count(t.name)) << t.name;
    EXPECT_EQ(by[t.name]->shape, t.shape) << t.name;
    EXPECT_EQ(by[t.name]->data, t.data) << t.name;
  }
  // The device's output column (class 1, step 0) is our cell step 0 * 9 + 1.
  const auto& k = doc["weightsManifest"][0]["weights"];
  EXPECT_EQ(k[0]["name"], "dense_Dense1/kernel");
  EXPECT_EQ(k[0]["shape"], json::array({2, 16}));
}

TEST(Tfjs, RefusesWrongSizesAndTopology) {
  auto ours = small_decoder(2, 16, 8, 32);
  TfjsFiles f = export_rhythmvae(ours, 32, 2, "test");
  try {
    import_rhythmvae(f.model_json, "m.json", f.weights_bin.substr(4), "w.bin");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("w.bin"), std::string::npos);
  }
  json doc = json::parse(f.model_json);
  doc["weightsManifest"][0]["weights"][0]["dtype"] = "float16";
  try {
    import_rhythmvae(doc.dump(), "m.json", f.weights_bin, "w.bin");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("float16"), std::string::npos);
  }
  std::string nan_bin = f.weights_bin;
  const float nan = NAN;
  std::memcpy(&nan_bin[0], &nan, 4);
  EXPECT_THROW(import_rhythmvae(f.model_json, "m.json", nan_bin, "w.bin"), Error);
}

TEST(ModelFile, ZeroSizedTensorRoundTrips) {
  ModelFile m;
  m.header["x"] = 1;
  m.tensors.push_back({"empty", {0}, {}});
  m.tensors.push_back({"one", {1}, {2.5f}});
  ModelFile r = parse_model(serialise_model(m), "z.lwr");
  ASSERT_EQ(r.tensors.size(), 2u);
  EXPECT_TRUE(r.tensors[0].data.empty());
  EXPECT_EQ(r.tensors[1].data.at(0), 2.5f);
}

// The latent anchor's principal-component scores: centred, unit variance,
// uncorrelated, the strongest direction first with its largest loading
// positive, the same every time; zero where the loops do not vary.
TEST(Pca, ScoresFollowTheDirectionsOfMostVariation) {
  std::vector<Pattern> loops;
  for (int i = 0; i < 12; ++i) {
    Pattern p(32);
    p.onset[Pattern::index(0, 0)] = float(i % 2);                          // wide: 0/1 alternating
    p.onset[Pattern::index(4, 1)] = i % 3 == 0 ? 0.5f : 0.f;               // narrower
    p.onset[Pattern::index(8, 2)] = 0.25f * float(i % 2);                  // moves with the first
    loops.push_back(p);
  }
  const auto s = principal_scores(loops, 3);
  ASSERT_EQ(s.size(), loops.size());
  double m0 = 0, m1 = 0, v0 = 0, v1 = 0, c01 = 0, c0x = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    ASSERT_EQ(s[i].size(), 3u);
    m0 += s[i][0] / 12;
    m1 += s[i][1] / 12;
    v0 += s[i][0] * s[i][0] / 12;
    v1 += s[i][1] * s[i][1] / 12;
    c01 += s[i][0] * s[i][1] / 12;
    c0x += s[i][0] * (loops[i].onset[0] - 0.5);
    EXPECT_EQ(s[i][2], 0.0) << "only two directions vary";
  }
  EXPECT_NEAR(m0, 0, 1e-9);
  EXPECT_NEAR(m1, 0, 1e-9);
  EXPECT_NEAR(v0, 1, 1e-9);
  EXPECT_NEAR(v1, 1, 1e-9);
  EXPECT_NEAR(c01, 0, 1e-9);
  EXPECT_GT(c0x, 0) << "the first component's largest loading (step 1, kick) is positive";
  // The first component is the alternating kick (with the snare moving with it).
  for (std::size_t i = 0; i < s.size(); ++i) EXPECT_NEAR(s[i][0], i % 2 ? 1.0 : -1.0, 1e-9);
  EXPECT_EQ(principal_scores(loops, 3), s);
  // Identical loops: nothing to follow.
  const std::vector<Pattern> same(5, loops[1]);
  for (const auto& row : principal_scores(same, 2)) EXPECT_EQ(row, (std::vector<double>{0, 0}));
}
