// lw-rhythm: drum MIDI datasets, rhythm VAE training, generation from a point
// or along a control path, latent maps, and a drum-synth preview.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <random>

#include <unistd.h>

#include "audio/audio_file.hpp"
#include "core/atomic_file.hpp"
#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "core/numfmt.hpp"
#include "midi/smf.hpp"
#include "model/torch_runtime.hpp"
#include "rhythm/control_follow.hpp"
#include "rhythm/dataset.hpp"
#include "rhythm/drum_synth.hpp"
#include "rhythm/latent_map.hpp"
#include "rhythm/tfjs_model.hpp"
#include "core/sha256.hpp"

#include <filesystem>
#include "rhythm/trained_model.hpp"

namespace {

using namespace lw;
using namespace lw::rhythm;

// Standard normal draws from a seeded 64-bit Mersenne Twister through
// Box-Muller, so noise does not depend on the C++ library's distributions.
class Gaussian {
 public:
  explicit Gaussian(std::uint64_t seed) : rng_(seed) {}
  double operator()() {
    const double u1 = (double(rng_() >> 11) + 1.0) / 9007199254740993.0;  // (0, 1]
    const double u2 = double(rng_() >> 11) / 9007199254740992.0;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::mt19937_64 rng_;
};

void check_channel(int channel) {
  if (channel < 1 || channel > 16) fail_usage("--channel must be 1..16");
}

json epoch_json(const EpochRecord& r) {
  json j = {{"epoch", r.epoch}, {"beta", r.beta},         {"loss", r.loss}, {"onset", r.onset},
            {"velocity", r.velocity}, {"offset", r.offset}, {"kl", r.kl}};
  if (r.has_heldout) {
    j["heldout_loss"] = r.heldout_loss;
    j["heldout_onset_f1"] = r.heldout_f1;
    j["heldout_velocity_mae"] = r.heldout_velocity_mae;
    j["heldout_timing_mae"] = r.heldout_timing_mae;
  }
  return j;
}

json metrics_json(const Metrics& m) {
  return {{"loops", m.loops}, {"onset_f1", m.onset_f1}, {"velocity_mae", m.velocity_mae}, {"timing_mae", m.timing_mae}};
}

// ---- train ----------------------------------------------------------------
struct TrainArgs {
  std::vector<std::string> inputs;
  std::string output;
  TrainOptions opt;
  int latent = 2, resolution = 4, channel = 10, min_onsets = 5, threads = 2;
  double logvar_max = 4;
  std::string map = "magenta";
  std::string keep = "best";
  std::string bn_stats = "running";
  bool check = false, resolution_set = false, min_onsets_set = false;
  cli::Common common;
};

json latent_check_json(const LatentCheck& c) {
  json dims = json::array();
  for (const auto& d : c.dims)
    dims.push_back({{"spread", d.spread}, {"mean_logvar", d.mean_logvar}, {"variation", d.variation}});
  return {{"dims", dims},
          {"variation_ratio", std::isfinite(c.variation_ratio) ? json(c.variation_ratio) : json(nullptr)},
          {"collapsed", !c.problems.empty()},
          {"problems", c.problems}};
}

void run_train(const TrainArgs& a) {
  cli::refuse_json_with_stdout(a.common, a.output);
  if (a.resolution != 4 && a.resolution != 12) fail_usage("--resolution must be 4 or 12 steps per quarter note");
  check_channel(a.channel);
  if (a.latent < 1 || a.latent > 64) fail_usage("--latent must be 1..64");
  if (a.threads < 1) fail_usage("--threads must be at least 1");
  if (a.keep != "best" && a.keep != "last") fail_usage("--keep must be best or last");
  if (a.bn_stats != "running" && a.bn_stats != "full") fail_usage("--bn-stats must be running or full");
  check_train_options(a.opt);
  guard_overwrite(a.inputs, a.output);
  GridOptions grid;
  grid.steps_per_quarter = a.resolution;
  grid.channel = a.channel - 1;
  grid.map = parse_drum_map(a.map);
  int min_onsets = a.min_onsets;
  // M4L.RhythmVAE's maps bring its grid and loop filter unless told otherwise.
  if (is_rhythmvae(grid.map)) {
    if (!a.resolution_set) grid.steps_per_quarter = kRhythmVaeStepsPerQuarter;
    if (!a.min_onsets_set) min_onsets = kRhythmVaeMinOnsets;
  }
  Dataset ds = load_dataset(a.inputs, grid, min_onsets);
  if (ds.loops.size() < 2)
    fail_usage("only " + std::to_string(ds.loops.size()) + " loop(s) with at least " + std::to_string(min_onsets) +
               " onsets in the input; training needs at least 2");
  std::vector<Pattern> patterns;
  for (const auto& l : ds.loops) patterns.push_back(l.pattern);

  set_vae_threads(a.threads);
  model::seed_torch(a.opt.seed);
  RhythmVae vae(VaeShape{grid.steps(), a.latent, a.logvar_max});
  const bool table = !a.common.json && !a.common.quiet;
  // The per-epoch table on a terminal is the progress itself: a bar on the
  // same terminal would share its line. The bar is drawn when the table goes
  // elsewhere (a file, a pipe) or is not printed.
  cli::Progress bar("train", std::uint64_t(a.opt.epochs),
                    a.common.quiet || a.common.json || (table && ::isatty(1)));
  if (table)
    std::cout << "epoch     loss    onset velocity   offset       kl  | heldout: loss  onset-F1  vel-err  time-err\n";
  TrainOptions opt = a.opt;
  opt.keep_best = a.keep == "best";
  opt.full_bn_stats = a.bn_stats == "full";
  TrainReport rep = vae.train(patterns, opt, [&](const EpochRecord& r) {
    bar.update(std::uint64_t(r.epoch), "loss " + format_fixed(r.loss, 2));
    if (!table) return;
    char line[200];
    std::snprintf(line, sizeof line, "%5d %8.3f %8.3f %8.3f %8.3f %8.3f", r.epoch, r.loss, r.onset, r.velocity,
                  r.offset, r.kl);
    std::cout << line;
    if (r.has_heldout) {
      std::snprintf(line, sizeof line, "  |       %7.3f  %8.3f %8.4f %9.4f", r.heldout_loss, r.heldout_f1,
                    r.heldout_velocity_mae, r.heldout_timing_mae);
      std::cout << line;
    }
    std::cout << '\n';
  });
  bar.finish();

  // Where every loop sits in the latent space (for maps and `inspect`).
  auto z = vae.encode(patterns);
  json latents = json::array();
  std::vector<bool> held(patterns.size(), false);
  for (auto i : rep.heldout_indices) held[i] = true;
  for (std::size_t i = 0; i < patterns.size(); ++i)
    latents.push_back({{"source", ds.loops[i].source},
                       {"loop", ds.loops[i].index},
                       {"heldout", bool(held[i])},
                       {"onsets", patterns[i].onset_count()},
                       {"z", z[i]}});
  json history = json::array();
  for (const auto& r : rep.history) history.push_back(epoch_json(r));
  const auto& o = opt;
  ModelFile mf;
  mf.header["tool"] = cli::version_string("lw-rhythm");
  mf.header["representation"] = representation_json(grid);
  mf.header["architecture"] = {{"name", "M4L.RhythmVAE"},
                               {"latent", a.latent},
                               {"logvar_max", a.logvar_max},
                               {"encoder", "3 x [Dense 512, BN, LeakyReLU 0.3] -> concat -> Dense 512, BN, LeakyReLU"},
                               {"decoder", "Dense 1024, BN, LeakyReLU -> 3 x [Dense 512, BN, LeakyReLU, Dense 9*steps]"},
                               {"outputs", {"sigmoid onsets", "sigmoid velocities", "tanh offsets"}},
                               {"batch_norm", {{"eps", 1e-3}, {"momentum", 0.1}}}};
  mf.header["training"] = {{"epochs", o.epochs},
                           {"batch", o.batch},
                           {"lr", o.lr},
                           {"optimizer", "Adam(0.9, 0.999, 1e-8)"},
                           {"beta", o.beta},
                           {"warmup_epochs", o.warmup_epochs},
                           {"holdout", o.holdout},
                           {"min_examples", o.min_examples},
                           {"min_onsets", min_onsets},
                           {"velocity_weight", o.velocity_weight},
                           {"offset_weight", o.offset_weight},
                           {"clip", o.clip},
                           {"free_bits", o.free_bits},
                           {"lr_final", o.lr_final},
                           {"ema", o.ema},
                           {"weight_decay", o.weight_decay},
                           {"anchor", o.anchor},
                           {"anchor_weight", o.anchor_weight},
                           {"bn_stats", o.full_bn_stats ? "full" : "running"},
                           {"keep", o.keep_best ? "best" : "last"},
                           {"kept_epoch", rep.kept_epoch},
                           {"seed", o.seed},
                           {"split_seed", o.has_split_seed ? json(o.split_seed) : json(nullptr)},
                           {"threads", a.threads},
                           {"examples_per_epoch", rep.examples_per_epoch},
                           {"train_loops", rep.train_indices.size()},
                           {"heldout_loops", rep.heldout_indices.size()},
                           {"seconds", rep.seconds}};
  mf.header["data"] = ds.provenance();
  std::vector<Pattern> train_patterns;
  for (auto i : rep.train_indices) train_patterns.push_back(patterns[i]);
  const LatentCheck lc = check_latent(vae, train_patterns);
  mf.header["metrics"] = {{"train", metrics_json(rep.train)},
                          {"heldout", rep.heldout_indices.empty() ? json(nullptr) : metrics_json(rep.heldout)},
                          {"final_loss", rep.history.back().loss},
                          {"latent_check", latent_check_json(lc)}};
  mf.header["history"] = history;
  mf.header["latents"] = latents;
  mf.tensors = vae.weights();
  // "seconds" varies run to run; keep the file itself reproducible.
  mf.header["training"].erase("seconds");
  write_model(a.output, mf);

  if (a.common.json) {
    json out = {{"model", a.output},
                {"loops", patterns.size()},
                {"train_loops", rep.train_indices.size()},
                {"heldout_loops", rep.heldout_indices.size()},
                {"examples_per_epoch", rep.examples_per_epoch},
                {"kept_epoch", rep.kept_epoch},
                {"seconds", rep.seconds},
                {"throughput_loops_epochs_per_s", double(rep.examples_per_epoch) * o.epochs / rep.seconds},
                {"metrics", mf.header["metrics"]},
                {"history", history}};
    std::cout << dump_json(out) << '\n';
  } else if (!a.common.quiet) {
    std::cout << "trained on " << rep.train_indices.size() << " loops (" << rep.heldout_indices.size()
              << " held out) from " << ds.files.size() << " files in " << format_fixed(rep.seconds, 1) << " s; kept epoch "
              << rep.kept_epoch << "\n"
              << "training loops: onset F1 " << format_fixed(rep.train.onset_f1, 3) << ", velocity error "
              << format_fixed(rep.train.velocity_mae, 3) << ", timing error " << format_fixed(rep.train.timing_mae, 3)
              << '\n';
    if (!rep.heldout_indices.empty())
      std::cout << "held-out loops: onset F1 " << format_fixed(rep.heldout.onset_f1, 3) << ", velocity error "
                << format_fixed(rep.heldout.velocity_mae, 3) << ", timing error "
                << format_fixed(rep.heldout.timing_mae, 3) << '\n';
    std::cout << "latent space: ";
    for (std::size_t d = 0; d < lc.dims.size(); ++d)
      std::cout << (d ? "; " : "") << "z" << d + 1 << " spread " << format_fixed(lc.dims[d].spread, 2)
                << ", log-variance " << format_fixed(lc.dims[d].mean_logvar, 2) << ", change "
                << format_fixed(lc.dims[d].variation, 1);
    std::cout << '\n';
    std::cout << "wrote " << a.output << '\n';
  }
  if (!lc.problems.empty()) {
    std::string msg = "the latent space collapsed (";
    for (std::size_t i = 0; i < lc.problems.size(); ++i) msg += (i ? "; " : "") + lc.problems[i];
    msg += "): the map and --path will not vary along every axis; try another --seed, more --free-bits or more loops";
    if (a.check) throw Error(Exit::CheckFailed, msg);
    if (!a.common.quiet) std::cerr << "lw-rhythm: warning: " << msg << '\n';
  }
}

// ---- inspect ----------------------------------------------------------------
void run_inspect(const std::string& path, const cli::Common& c) {
  set_vae_threads(1);  // decoding a few loops: one thread is fastest
  TrainedModel m = load_trained_model(path);
  json h = m.file.header;
  if (c.json) {
    std::cout << dump_json(h) << '\n';
    return;
  }
  const json& rep = h["representation"];
  std::size_t params = 0;
  if (!m.vae->has_encoder()) {
    for (const auto& t : m.file.tensors) params += t.data.size();
    const json& im = h.contains("imported") && h["imported"].is_object() ? h["imported"] : json::object();
    std::cout << "model:        " << path << " (" << h.value("tool", std::string("?")) << ")\n"
              << "architecture: M4L.RhythmVAE decoder only (imported), latent " << m.vae->shape().latent << ", "
              << params << " weights, Dense " << m.vae->shape().dec_hidden << " -> 3 x Dense "
              << m.vae->shape().dec_branch << '\n'
              << "grid:         " << rep["steps"] << " steps (" << rep["steps_per_quarter"]
              << " per quarter note, two 4/4 bars), 9 classes\n"
              << "drum map:     " << rep["map"].get<std::string>() << ", MIDI channel " << rep["channel"] << '\n'
              << "imported from " << (im.contains("from") && im["from"].is_string() ? im["from"].get<std::string>() : "?")
              << "; encode is not available (the device saves only its decoder)\n";
    return;
  }
  const json tr = h.contains("training") ? h["training"] : json::object();
  for (const auto& t : m.file.tensors) params += t.data.size();
  std::cout << "model:        " << path << " (" << h.value("tool", std::string("?")) << ")\n"
            << "architecture: " << h["architecture"].value("name", std::string("?")) << ", latent "
            << m.vae->shape().latent << ", " << params << " weights\n"
            << "grid:         " << rep["steps"] << " steps (" << rep["steps_per_quarter"]
            << " per quarter note, two 4/4 bars), 9 classes\n"
            << "drum map:     " << rep["map"].get<std::string>() << ", MIDI channel " << rep["channel"] << '\n'
            << "training:     " << tr.value("epochs", 0) << " epochs, batch " << tr.value("batch", 0) << ", lr "
            << tr.value("lr", 0.0) << ", beta " << tr.value("beta", 0.0) << ", seed " << tr.value("seed", 0)
            << ", threads " << tr.value("threads", 0) << '\n'
            << "data:         " << tr.value("train_loops", 0) << " training + " << tr.value("heldout_loops", 0)
            << " held-out loops from " << h.value("data", json::object()).value("files", json::array()).size()
            << " files\n";
  for (const auto& f : h.value("data", json::object()).value("files", json::array()))
    std::cout << "  " << f["sha256"].get<std::string>().substr(0, 16) << "  " << f["path"].get<std::string>() << "  ("
              << f["loops"] << " loops, " << f["dropped"] << " dropped)\n";
  const json met = h.value("metrics", json::object());
  std::cout << "final loss:   " << format_fixed(met.value("final_loss", 0.0), 3) << '\n';
  auto line = [](const char* what, const json& j) {
    if (j.is_null()) return;
    std::cout << what << "onset F1 " << format_fixed(j.value("onset_f1", 0.0), 3) << ", velocity error "
              << format_fixed(j.value("velocity_mae", 0.0), 3) << ", timing error "
              << format_fixed(j.value("timing_mae", 0.0), 3) << " (half steps)\n";
  };
  line("train:        ", met.value("train", json()));
  line("held out:     ", met.value("heldout", json()));
}

// ---- export / import / decode (M4L.RhythmVAE) ------------------------------
namespace fs = std::filesystem;

void run_export(const std::string& model, const std::string& to, const std::string& output, const cli::Common& c) {
  if (to != "rhythmvae") fail_usage("--to must be rhythmvae (M4L.RhythmVAE's TensorFlow.js model folder)");
  if (output.empty() || output == "-") fail_usage("-o names a folder (NAME.model/) to write model.json and weights.bin in");
  set_vae_threads(1);
  TrainedModel m = load_trained_model(model);
  const VaeShape& sh = m.vae->shape();
  if (sh.steps != kRhythmVaeStepsPerQuarter * kQuartersPerLoop)
    fail_input(display_name(model), "its loops have " + std::to_string(sh.steps) +
                                        " steps; M4L.RhythmVAE's have 96 (train with --map rhythmvae or --resolution 12)");
  if (sh.latent != 2)
    fail_input(display_name(model), "its latent space has " + std::to_string(sh.latent) +
                                        " dimensions; M4L.RhythmVAE's has 2 (train with --latent 2)");
  if (!is_rhythmvae(m.grid.map) && !c.quiet)
    std::cerr << "lw-rhythm: note: trained with the " << drum_map_name(m.grid.map)
              << " map; the device shows classes 7 and 8 as Clap and Rim (here " << class_names()[7] << " and "
              << class_names()[8] << ")\n";
  const TfjsFiles files = export_rhythmvae(m.vae->weights(), sh.steps, sh.latent, cli::version_string("lw-rhythm"));
  std::error_code ec;
  if (fs::exists(output, ec) && !fs::is_directory(output, ec))
    fail_usage(output + " exists and is not a folder");
  fs::create_directories(output, ec);
  if (ec) fail_internal(output + ": cannot create the folder: " + ec.message());
  const std::string bin = (fs::path(output) / "weights.bin").string(), js = (fs::path(output) / "model.json").string();
  guard_overwrite({model}, bin);
  guard_overwrite({model}, js);
  write_file_atomically(bin, files.weights_bin);
  write_file_atomically(js, files.model_json);
  if (c.json)
    std::cout << dump_json({{"model", model},
                            {"output", output},
                            {"model_json", js},
                            {"weights_bin", bin},
                            {"weights_bytes", files.weights_bin.size()}})
              << '\n';
  else if (!c.quiet)
    std::cerr << "lw-rhythm: wrote " << js << " and " << bin << " (" << files.weights_bin.size()
              << " bytes), the decoder for M4L.RhythmVAE\n";
}

void run_import(const std::string& input, const std::string& output, const std::string& map_name, const cli::Common& c) {
  cli::refuse_json_with_stdout(c, output);
  std::error_code ec;
  const bool dir = fs::is_directory(input, ec);
  const std::string js = dir ? (fs::path(input) / "model.json").string() : input;
  const std::string bin = (fs::path(js).parent_path() / "weights.bin").string();
  if (!fs::exists(js, ec)) fail_input(display_name(input), dir ? "no model.json in this folder" : "no such file");
  if (!fs::exists(bin, ec)) fail_input(display_name(bin), "no such file (the weights beside model.json)");
  guard_overwrite({js, bin}, output);
  const DrumMap map = parse_drum_map(map_name);
  const std::string text = read_file(js, 64u << 20), weights = read_file(bin, 512u << 20);
  ImportedDecoder d = import_rhythmvae(text, display_name(js), weights, display_name(bin));
  GridOptions grid;
  grid.steps_per_quarter = d.steps / kQuartersPerLoop;
  grid.map = map;
  grid.channel = 9;
  ModelFile mf;
  mf.header["tool"] = cli::version_string("lw-rhythm");
  mf.header["representation"] = representation_json(grid);
  mf.header["representation"]["cell_order"] = "step-major: index = step * 9 + class (the device's is class-major)";
  mf.header["architecture"] = {{"name", "M4L.RhythmVAE"},
                               {"latent", d.latent},
                               {"decoder_only", true},
                               {"decoder_hidden", d.hidden},
                               {"decoder_branch", d.branch},
                               {"decoder", "Dense " + std::to_string(d.hidden) + ", BN, LeakyReLU -> 3 x [Dense " +
                                               std::to_string(d.branch) + ", BN, LeakyReLU, Dense 9*steps]"},
                               {"outputs", {"sigmoid onsets", "sigmoid velocities", "tanh offsets"}},
                               {"batch_norm", {{"eps", 1e-3}}}};
  json generated = json(nullptr);
  {
    const json doc = parse_json_text(text, display_name(js));
    if (doc.contains("generatedBy")) generated = doc["generatedBy"];
  }
  mf.header["imported"] = {{"from", input},
                           {"format", "TensorFlow.js layers-model (M4L.RhythmVAE decoder)"},
                           {"generated_by", generated},
                           {"model_json_sha256", sha256_hex(text)},
                           {"weights_bin_sha256", sha256_hex(weights)}};
  mf.tensors = std::move(d.tensors);
  // Build the network from what is about to be written, so a file that
  // would not load is never written.
  {
    RhythmVae check(VaeShape{d.steps, d.latent, 0, d.hidden, d.branch});
    check.load_weights(mf.tensors, display_name(js), true);
  }
  write_model(output, mf);
  if (c.json)
    std::cout << dump_json({{"input", input},
                            {"output", output},
                            {"latent", d.latent},
                            {"steps", d.steps},
                            {"decoder_hidden", d.hidden},
                            {"decoder_branch", d.branch}})
              << '\n';
  else if (!c.quiet)
    std::cerr << "lw-rhythm: imported the decoder (latent " << d.latent << ", " << d.steps << " steps) to " << output
              << "; generate, map and --path work, encode does not\n";
}

void run_decode(const std::string& model, const std::vector<std::string>& zs_text) {
  set_vae_threads(1);
  TrainedModel m = load_trained_model(model);
  const int latent = m.vae->shape().latent, steps = m.vae->shape().steps;
  std::vector<std::vector<float>> zs;
  for (const auto& t : zs_text) {
    auto v = cli::parse_numbers(t, "--z", std::size_t(latent));
    std::vector<float> z;
    for (double x : v) {
      if (!std::isfinite(x)) fail_usage("--z values must be finite");
      z.push_back(float(x));
    }
    zs.push_back(z);
  }
  auto pats = m.vae->decode(zs);
  json out = json::array();
  for (std::size_t k = 0; k < zs.size(); ++k) {
    // Class-major [9][steps], as M4L.RhythmVAE's decoder outputs reshape.
    json on = json::array(), vel = json::array(), off = json::array();
    for (int c = 0; c < kClasses; ++c) {
      json a = json::array(), b = json::array(), d = json::array();
      for (int s = 0; s < steps; ++s) {
        const auto i = Pattern::index(s, c);
        a.push_back(pats[k].onset[i]);
        b.push_back(pats[k].velocity[i]);
        d.push_back(pats[k].offset[i]);
      }
      on.push_back(a);
      vel.push_back(b);
      off.push_back(d);
    }
    out.push_back({{"z", zs[k]}, {"onsets", on}, {"velocities", vel}, {"offsets", off}});
  }
  std::cout << dump_json(out) << '\n';
}

// ---- encode -----------------------------------------------------------------
void run_encode(const std::string& model, const std::vector<std::string>& inputs, int min_onsets,
                const cli::Common& c) {
  set_vae_threads(1);  // decoding a few loops: one thread is fastest
  TrainedModel m = load_trained_model(model);
  Dataset ds = load_dataset(inputs, m.grid, min_onsets);
  std::vector<Pattern> patterns;
  for (const auto& l : ds.loops) patterns.push_back(l.pattern);
  std::vector<std::vector<float>> logvar;
  auto z = m.vae->encode(patterns, &logvar);
  json out = json::array();
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (c.json) {
      out.push_back({{"file", ds.loops[i].source},
                     {"loop", ds.loops[i].index},
                     {"bar", 2 * ds.loops[i].index + 1},
                     {"onsets", patterns[i].onset_count()},
                     {"z", z[i]},
                     {"logvar", logvar[i]}});
    } else {
      std::cout << ds.loops[i].source << "\tbar " << 2 * ds.loops[i].index + 1 << "\t" << patterns[i].onset_count()
                << " onsets\tz";
      for (float v : z[i]) std::cout << ' ' << format_fixed(v, 4);
      std::cout << '\n';
    }
  }
  if (c.json) std::cout << dump_json(out) << '\n';
}

// ---- generate ----------------------------------------------------------------
struct GenerateArgs {
  std::string model, output, z, path;
  double threshold = 0.5, noise = 0, tempo = 120;
  int loops = 1;
  std::uint64_t seed = 0;
  cli::Common common;
  bool loops_set = false, noise_set = false;
};

void run_generate(const GenerateArgs& a) {
  if (a.z.empty() == a.path.empty()) fail_usage("give exactly one of --z and --path");
  cli::refuse_json_with_stdout(a.common, a.output);
  if (!(a.tempo >= 20 && a.tempo <= 400)) fail_usage("--tempo must be 20..400 bpm");
  if (!(a.threshold >= 0 && a.threshold < 1)) fail_usage("--threshold must be in [0, 1)");
  if (!(a.noise >= 0)) fail_usage("--noise must be >= 0");
  if (a.loops < 1 || a.loops > 10000) fail_usage("--loops must be 1..10000");
  std::vector<std::string> inputs{a.model};
  if (!a.path.empty()) inputs.push_back(a.path);
  guard_overwrite(inputs, a.output);
  set_vae_threads(1);  // decoding a few loops: one thread is fastest
  TrainedModel m = load_trained_model(a.model);
  const int latent = m.vae->shape().latent;
  Gaussian gauss(a.seed);
  std::vector<std::vector<float>> zs;
  std::vector<double> times;
  const double loop_seconds = kQuartersPerLoop * 60.0 / a.tempo;
  if (!a.z.empty()) {
    auto v = cli::parse_numbers(a.z, "--z");
    if (v.size() != std::size_t(latent) && !(v.size() == 2 && latent > 2))
      fail_usage("--z has " + std::to_string(v.size()) + " values; the model's latent space has " +
                 std::to_string(latent) + " dimensions");
    for (double x : v)
      if (!std::isfinite(x)) fail_usage("--z values must be finite");
    for (int k = 0; k < a.loops; ++k) {
      std::vector<float> z(std::size_t(latent), 0.f);
      for (std::size_t d = 0; d < z.size(); ++d) z[d] = float((d < v.size() ? v[d] : 0.0) + a.noise * gauss());
      zs.push_back(z);
      times.push_back(k * loop_seconds);
    }
  } else {
    if (a.loops_set || a.noise_set) fail_usage("--loops and --noise go with --z; a control path sets both");
    auto path = walk::read_control_path(a.path);
    if (path.frames.empty()) fail_input(display_name(a.path), "control path has no frames");
    // One loop per two bars, covering the path's duration.
    const double duration = path.frames.back().t;
    const auto n = std::max<std::size_t>(1, std::size_t(std::ceil(duration / loop_seconds - 1e-9)));
    for (std::size_t k = 0; k < n; ++k) times.push_back(double(k) * loop_seconds);
    for (const auto& p : follow_path(path, times)) {
      std::vector<float> z(std::size_t(latent), 0.f);
      for (std::size_t d = 0; d < z.size(); ++d)
        z[d] = float((d == 0 ? p.x : d == 1 ? p.y : 0.0) + p.noise * gauss());
      zs.push_back(z);
    }
  }
  auto patterns = m.vae->decode(zs);
  RenderOptions ro;
  ro.tempo_bpm = a.tempo;
  ro.channel = m.grid.channel;
  ro.threshold = a.threshold;
  ro.map = m.grid.map;
  midi::File f = patterns_to_midi(patterns, ro);
  midi::write(a.output, f);
  if (a.common.json) {
    json loops = json::array();
    for (std::size_t k = 0; k < zs.size(); ++k)
      loops.push_back({{"loop", k}, {"t", times[k]}, {"z", zs[k]}, {"notes", [&] {
                         int n = 0;
                         for (float o : patterns[k].onset) n += o > a.threshold;
                         return n;
                       }()}});
    std::cout << dump_json({{"output", a.output}, {"tempo", a.tempo}, {"notes", f.notes.size()}, {"loops", loops}})
              << '\n';
  } else if (!a.common.quiet) {
    std::cerr << "lw-rhythm: wrote " << zs.size() << " loop(s), " << f.notes.size() << " notes to " << a.output << '\n';
  }
}

// ---- map ----------------------------------------------------------------------
void run_map(const std::string& model, const std::string& output, int grid_n, const std::string& range_arg,
             double threshold, const std::string& json_out, const cli::Common& c) {
  if (grid_n < 1 || grid_n > 100) fail_usage("--grid must be 1..100");
  const bool auto_range = range_arg == "auto";
  double range = 3;
  if (!auto_range) {
    auto v = cli::parse_numbers(range_arg, "--range");
    if (v.size() != 1) fail_usage("--range takes one number or 'auto'");
    range = v[0];
  }
  if (!(range > 0 && range <= 100)) fail_usage("--range must be in (0, 100] or 'auto'");
  if (!(threshold >= 0 && threshold < 1)) fail_usage("--threshold must be in [0, 1)");
  guard_overwrite({model}, output);
  if (!json_out.empty()) guard_overwrite({model, output}, json_out);
  set_vae_threads(1);  // decoding a few loops: one thread is fastest
  TrainedModel m = load_trained_model(model);
  std::vector<MapPoint> pts;
  if (m.file.header.contains("latents"))
    for (const auto& l : m.file.header["latents"]) {
      const auto& z = l["z"];
      MapPoint p;
      p.x = z.at(0).get<double>();
      p.y = z.size() > 1 ? z.at(1).get<double>() : 0.0;
      p.label = l.value("source", std::string()) + " loop " + std::to_string(l.value("loop", 0));
      pts.push_back(p);
    }
  double reach = 0;  // largest |coordinate| of a training loop
  for (const auto& p : pts) reach = std::max({reach, std::fabs(p.x), std::fabs(p.y)});
  // auto: the smallest multiple of 0.5 that holds every loop with a 5 % margin.
  if (auto_range && !pts.empty()) range = std::min(100.0, std::max(0.5, std::ceil(reach * 1.05 * 2) / 2));
  std::size_t outside = 0;
  for (const auto& p : pts) outside += !map_point_drawn(p, range);
  MapGrid g;
  g.size = grid_n;
  g.range = range;
  g.threshold = threshold;
  g.loops_outside = outside;
  g.map = m.grid.map;
  std::vector<std::vector<float>> zs;
  for (int j = 0; j < grid_n; ++j)
    for (int i = 0; i < grid_n; ++i) {
      std::vector<float> z(std::size_t(m.vae->shape().latent), 0.f);
      z[0] = float(g.coordinate(i));
      if (z.size() > 1) z[1] = float(g.coordinate(j));
      zs.push_back(z);
    }
  g.patterns = m.vae->decode(zs);
  std::string title = "lw-rhythm latent map: " + display_name(model);
  if (m.vae->shape().latent > 2) title += " (z1, z2; other dimensions 0)";
  write_file_atomically(output, latent_map_svg(g, pts, title));
  if (!json_out.empty()) {
    json j = latent_map_json(g);
    j["loops"] = pts.size();
    j["loops_outside"] = outside;
    write_file_atomically(json_out, dump_json(j) + "\n");
  }
  if (outside > 0 && !c.quiet)
    std::cerr << "lw-rhythm: " << outside << " of " << pts.size() << " training loops lie outside --range "
              << format_fixed(range, 2) << " (the farthest at " << format_fixed(reach, 2)
              << ") and are not drawn; --range auto includes them\n";
}

// ---- preview --------------------------------------------------------------------
void run_preview(const std::string& input, const std::string& output, int rate, const std::string& format,
                 int channel, const std::string& map, const cli::Common& c) {
  cli::refuse_json_with_stdout(c, output);
  check_channel(channel);
  if (rate < 8000 || rate > 192000) fail_usage("--sample-rate must be 8000..192000");
  guard_overwrite({input}, output);
  auto fmt = audio::parse_sample_format(format);
  midi::File f = midi::read(input);
  SynthOptions so;
  so.sample_rate = rate;
  so.channel = channel - 1;
  so.map = parse_drum_map(map);
  const double duration = drums_duration(f, so);
  if (!(duration <= kMaxPreviewSeconds))
    fail_input(display_name(input), "the last note starts " + format_fixed((duration - so.tail_seconds) / 3600, 1) +
                                        " hours in; preview renders at most " +
                                        format_fixed(kMaxPreviewSeconds / 60, 0) + " minutes of audio");
  SynthStats st;
  auto samples = render_drums(f, so, &st);
  if (st.hits == 0)
    fail_input(display_name(input), "no drum notes on MIDI channel " + std::to_string(channel) + " to render");
  audio::Buffer b;
  b.sample_rate = rate;
  b.channels = 1;
  b.samples = std::move(samples);
  audio::write_all(output, b, fmt);
  const double seconds = double(b.frames()) / rate;
  if (c.json)
    std::cout << dump_json({{"input", input},
                            {"output", output},
                            {"hits", st.hits},
                            {"skipped", st.skipped},
                            {"seconds", seconds},
                            {"sample_rate", rate}})
              << '\n';
  else if (!c.quiet)
    std::cerr << "lw-rhythm: rendered " << st.hits << " hits (" << st.skipped << " other notes skipped), "
              << format_fixed(seconds, 2) << " s to " << output << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  cli::setup_app(app, "lw-rhythm",
                 "Rhythm VAE (M4L.RhythmVAE architecture) trained on your own drum MIDI: train, inspect, encode, "
                 "generate from a point or along a control path, draw latent maps, preview with a drum synth.");

  TrainArgs ta;
  auto* train = app.add_subcommand("train", "train a rhythm VAE on two-bar loops cut from drum MIDI files");
  train->add_option("midi", ta.inputs, "Standard MIDI Files (type 0 or 1)")->required();
  train->add_option("-o,--output", ta.output, "model file to write")->required();
  train->add_option("--epochs", ta.opt.epochs, "training epochs")->capture_default_str();
  train->add_option("--batch", ta.opt.batch, "batch size")->capture_default_str();
  train->add_option("--lr", ta.opt.lr, "Adam learning rate")->capture_default_str();
  train->add_option("--beta", ta.opt.beta, "weight of the KL term")->capture_default_str();
  train->add_option("--warmup", ta.opt.warmup_epochs, "epochs over which beta rises linearly from 0 (0: none)")
      ->capture_default_str();
  train->add_option("--holdout", ta.opt.holdout, "fraction of loops held out for evaluation")->capture_default_str();
  train->add_option("--latent", ta.latent, "latent dimensions")->capture_default_str();
  auto* resolution_opt =
      train->add_option("--resolution", ta.resolution,
                        "grid steps per quarter note: 4 (32 steps) or 12 (96, triplets; the default with --map rhythmvae)")
          ->capture_default_str();
  train->add_option("--map", ta.map,
                    "drum map: magenta (Magenta's reduced GM map), strict, rhythmvae or rhythmvae-strict "
                    "(M4L.RhythmVAE's maps, classes, grid and loop filter)")
      ->capture_default_str();
  train->add_option("--channel", ta.channel, "MIDI channel of the drums (1..16)")->capture_default_str();
  auto* min_onsets_opt =
      train->add_option("--min-onsets", ta.min_onsets, "drop loops with fewer onsets (6 with --map rhythmvae)")
          ->capture_default_str();
  train->add_option("--min-examples", ta.opt.min_examples,
                    "sample loops with replacement up to this many examples per epoch")
      ->capture_default_str();
  train->add_option("--velocity-weight", ta.opt.velocity_weight, "weight of the velocity squared error")
      ->capture_default_str();
  train->add_option("--offset-weight", ta.opt.offset_weight, "weight of the timing-offset squared error")
      ->capture_default_str();
  train->add_option("--clip", ta.opt.clip, "scale gradients down to this global L2 norm (0: no clipping)")
      ->capture_default_str();
  train->add_option("--free-bits", ta.opt.free_bits,
                    "KL floor in nats per latent dimension (below it the KL is not penalised; 0: off)")
      ->capture_default_str();
  train->add_option("--lr-final", ta.opt.lr_final, "learning rate at the last epoch, as a fraction of --lr")
      ->capture_default_str();
  train->add_option("--ema", ta.opt.ema,
                    "decay of the moving average of the weights that is evaluated and kept (0: off, the last step's)")
      ->capture_default_str();
  train->add_option("--weight-decay", ta.opt.weight_decay, "decoupled weight decay of the weight matrices (AdamW; 0: off)")
      ->capture_default_str();
  train->add_option("--anchor", ta.opt.anchor,
                    "fraction of the epochs over which the encoded means are drawn towards the training loops' "
                    "principal components, with a weight falling linearly to 0 (0: off)")
      ->capture_default_str();
  train->add_option("--anchor-weight", ta.opt.anchor_weight,
                    "starting weight of that pull, per squared latent unit")
      ->capture_default_str();
  train->add_option("--bn-stats", ta.bn_stats,
                    "batch-norm statistics for evaluation and the model: running (averages over the training batches) "
                    "or full (recomputed over all training loops before every evaluation)")
      ->capture_default_str();
  train->add_option("--logvar-max", ta.logvar_max, "smooth upper bound on the encoder's log-variance (0: none)")
      ->capture_default_str();
  auto* split_opt = train->add_option("--split-seed", ta.opt.split_seed,
                                      "seed of the train/held-out split (default: --seed), to compare seeds on the same split");
  train->add_option("--keep", ta.keep, "weights to keep: best (lowest held-out loss after the warm-up) or last")
      ->capture_default_str();
  train->add_flag("--check", ta.check, "exit 1 when the latent space collapsed (after writing the model)");
  train->add_option("--seed", ta.opt.seed, "seed for initialisation, split, sampling and noise")->capture_default_str();
  train->add_option("--threads", ta.threads, "BLAS threads for the matrix products (torch's own pool stays at 1)")->capture_default_str();
  cli::add_quiet(*train, ta.common);
  cli::add_json(*train, ta.common, "print the training history and metrics as JSON on stdout");
  train->callback([&] {
    ta.opt.has_split_seed = split_opt->count() > 0;
    ta.resolution_set = resolution_opt->count() > 0;
    ta.min_onsets_set = min_onsets_opt->count() > 0;
    run_train(ta);
  });

  std::string model;
  cli::Common ic;
  auto* inspect = app.add_subcommand("inspect", "print a model file's metadata");
  inspect->add_option("model", model, "lw-rhythm model file")->required();
  cli::add_json(*inspect, ic, "print the whole header as JSON");
  cli::add_quiet(*inspect, ic);  // prints nothing on stderr: accepted so that scripts can pass -q everywhere
  inspect->callback([&] { run_inspect(model, ic); });

  std::string emodel;
  std::vector<std::string> einputs;
  int emin = 1;
  cli::Common ec;
  auto* encode = app.add_subcommand("encode", "latent position (mean) of each two-bar loop of MIDI files");
  encode->add_option("model", emodel, "lw-rhythm model file")->required();
  encode->add_option("midi", einputs, "Standard MIDI Files")->required();
  encode->add_option("--min-onsets", emin, "skip loops with fewer onsets")->capture_default_str();
  cli::add_json(*encode, ec, "print loops and positions as JSON");
  cli::add_quiet(*encode, ec);  // prints nothing on stderr: accepted so that scripts can pass -q everywhere
  encode->callback([&] { run_encode(emodel, einputs, emin, ec); });

  GenerateArgs ga;
  auto* gen = app.add_subcommand("generate", "decode loops at a latent point, or along a control path, to MIDI");
  gen->add_option("model", ga.model, "lw-rhythm model file")->required();
  gen->add_option("-o,--output", ga.output, "MIDI file to write (type 1)")->required();
  gen->add_option("--z", ga.z, "latent position, comma-separated (e.g. 0.5,-1)");
  gen->add_option("--path", ga.path, "latentwalk.control file to follow (one loop per two bars)");
  gen->add_option("--threshold", ga.threshold, "onset probability above which a cell plays")->capture_default_str();
  auto* noise_opt = gen->add_option("--noise", ga.noise, "standard deviation of Gaussian noise added to --z")
                        ->capture_default_str();
  gen->add_option("--tempo", ga.tempo, "tempo in bpm")->capture_default_str();
  auto* loops_opt = gen->add_option("--loops", ga.loops, "loops to generate at --z")->capture_default_str();
  gen->add_option("--seed", ga.seed, "seed of the noise")->capture_default_str();
  cli::add_quiet(*gen, ga.common);
  cli::add_json(*gen, ga.common, "print the latent position of every loop as JSON");
  gen->callback([&] {
    ga.loops_set = loops_opt->count() > 0;
    ga.noise_set = noise_opt->count() > 0;
    run_generate(ga);
  });

  std::string mmodel, mout, mjson;
  int mgrid = 30;
  std::string mrange = "3";
  double mthr = 0.5;
  auto* map = app.add_subcommand("map", "draw the decoded loops over a grid of the latent space as SVG");
  map->add_option("model", mmodel, "lw-rhythm model file")->required();
  map->add_option("-o,--output", mout, "SVG file to write")->required();
  map->add_option("--grid", mgrid, "cells per side")->capture_default_str();
  map->add_option("--range", mrange,
                  "the grid spans [-range, range] on both axes; 'auto': wide enough for every training loop")
      ->capture_default_str();
  map->add_option("--threshold", mthr, "onset probability above which a cell plays")->capture_default_str();
  map->add_option("--json", mjson, "also write the per-cell onset counts as JSON to this file");
  cli::Common mc;
  cli::add_quiet(*map, mc);  // prints nothing on stderr: accepted so that scripts can pass -q everywhere
  map->callback([&] { run_map(mmodel, mout, mgrid, mrange, mthr, mjson, mc); });

  std::string xmodel, xto, xout;
  cli::Common xc;
  auto* exp = app.add_subcommand("export", "write a model's decoder for M4L.RhythmVAE (TensorFlow.js model folder)");
  exp->add_option("model", xmodel, "lw-rhythm model file (96 steps, latent 2)")->required();
  exp->add_option("--to", xto, "target: rhythmvae")->required();
  exp->add_option("-o,--output", xout, "folder to write model.json and weights.bin in (e.g. NAME.model)")->required();
  cli::add_quiet(*exp, xc);
  cli::add_json(*exp, xc, "print the written files as JSON on stdout");
  exp->callback([&] { run_export(xmodel, xto, xout, xc); });

  std::string iin, iout, imap = "rhythmvae";
  cli::Common icm;
  auto* imp = app.add_subcommand("import", "read an M4L.RhythmVAE model folder (its decoder) into an lw-rhythm model");
  imp->add_option("folder", iin, "NAME.model folder (or its model.json) with weights.bin beside it")->required();
  imp->add_option("-o,--output", iout, "lw-rhythm model file to write")->required();
  imp->add_option("--map", imap, "drum map the device was trained with: rhythmvae or rhythmvae-strict (notes written)")
      ->capture_default_str();
  cli::add_quiet(*imp, icm);
  cli::add_json(*imp, icm, "print the imported shape as JSON on stdout");
  imp->callback([&] { run_import(iin, iout, imap, icm); });

  std::string dmodel;
  std::vector<std::string> dz;
  cli::Common dc;
  auto* dec = app.add_subcommand("decode", "print the decoder's three outputs at latent points as JSON");
  dec->add_option("model", dmodel, "lw-rhythm model file")->required();
  dec->add_option("--z", dz, "latent position, comma-separated; repeat for more points")->required();
  cli::add_quiet(*dec, dc);  // prints nothing on stderr: accepted so that scripts can pass -q everywhere
  dec->callback([&] { run_decode(dmodel, dz); });

  std::string pin, pout, pformat = "pcm16", pmap = "magenta";
  int prate = 44100, pchannel = 10;
  cli::Common pc;
  auto* preview = app.add_subcommand("preview", "render drum MIDI with the built-in drum synthesiser to audio");
  preview->add_option("midi", pin, "Standard MIDI File")->required();
  preview->add_option("-o,--output", pout, "audio file to write (.wav, .flac, .aiff)")->required();
  preview->add_option("--sample-rate", prate, "sample rate in Hz")->capture_default_str();
  preview->add_option("--format", pformat, "sample format: float, pcm16 or pcm24")->capture_default_str();
  preview->add_option("--channel", pchannel, "MIDI channel of the drums (1..16)")->capture_default_str();
  preview->add_option("--map", pmap, "drum map: magenta, strict, rhythmvae or rhythmvae-strict")->capture_default_str();
  preview->add_flag("-q,--quiet", pc.quiet, "print nothing on success");
  cli::add_json(*preview, pc, "print hits, skipped notes and duration as JSON on stdout instead of the note");
  preview->callback([&] { run_preview(pin, pout, prate, pformat, pchannel, pmap, pc); });

  return cli::run(app, argc, argv);
}
