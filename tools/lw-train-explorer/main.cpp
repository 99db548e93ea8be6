// lw-train-explorer: collect feature -> (x, y, noise, ramp_ms) pairs, train the
// explorer MLP, predict a control path from a take. The work is in
// lib/explorer; this file parses arguments, calls it and reports.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <optional>

#include "core/atomic_file.hpp"
#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "core/numfmt.hpp"
#include "core/sha256.hpp"
#include "explorer/control.hpp"
#include "explorer/dataset.hpp"
#include "explorer/inputs.hpp"
#include "explorer/mlp.hpp"
#include "explorer/trainer_module.hpp"
#include "features/extract.hpp"
#include "features/preset_lse.hpp"

namespace fs = std::filesystem;
using namespace lw;
using namespace lw::explorer;

namespace {

std::vector<std::string> split_names(const std::string& text, const std::string& option) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(pos, comma - pos);
    if (item.empty()) fail_usage(option + ": empty name in '" + text + "'");
    out.push_back(item);
    pos = comma + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string join_numbers(const std::vector<double>& v) {
  std::string s;
  for (double x : v) s += (s.empty() ? "" : ",") + format_double(x);
  return s;
}

// ---------------------------------------------------------------- presets
// --preset and the device settings of --preset lse, shared by add and predict.
struct PresetArgs {
  std::string preset;  // empty: not given
  features::LseParams lse;
};

void add_preset_options(CLI::App& sub, PresetArgs& p) {
  sub.add_option("--preset", p.preset,
                 "feature preset: latentwalk (default for a new dataset or a bare model) or lse (the Latent Space "
                 "Explorer's input vector and output ranges)");
  sub.add_option("--lse-sensitivity", p.lse.sensitivity_db, "lse: the device's Sensitivity dial, dB")->capture_default_str();
  sub.add_option("--lse-transient", p.lse.transient_db, "lse: the device's Transient Threshold, dB")->capture_default_str();
  sub.add_option("--lse-ramp", p.lse.ramp_ms, "lse: the device's Input Parameter Ramp Time, ms")->capture_default_str();
}

// The configuration to extract with: `preset` decided by the caller.
features::FeatureConfig feature_config(const std::string& preset, const PresetArgs& p, CLI::App& sub) {
  features::check_preset_name(preset, "--preset");
  if (preset != "lse")
    for (const char* o : {"--lse-sensitivity", "--lse-transient", "--lse-ramp"})
      if (sub.count(o)) fail_usage(std::string(o) + " applies to --preset lse only");
  features::FeatureConfig c;
  c.preset = preset;
  c.lse = p.lse;
  features::validate(c.lse);
  return c;
}

std::string preset_or_default(const std::string& s) { return s.empty() ? "latentwalk" : s; }

// ---------------------------------------------------------------- add
struct AddArgs {
  std::string dataset, audio, features, in, out, inputs;
  std::string x_range = "-3,3", y_range = "-3,3", noise_range = "0,2", ramp_range = "0,10000";
  double from = 0, to = -1;
  bool each_frame = false;
  PresetArgs preset;
  cli::Common common;
};

void run_add(AddArgs& a, CLI::App& sub) {
  int sources = !a.audio.empty() + !a.features.empty() + !a.in.empty();
  if (sources != 1) fail_usage("add: give exactly one of --audio, --features or --in");
  if (a.audio == "-" || a.features == "-")
    fail_usage("add: --audio and --features need a file, not '-' (stdin): its SHA-256 is recorded with the pair");
  if (a.from < 0) fail_usage("--from must be >= 0");
  if (a.to >= 0 && a.to <= a.from) fail_usage("--to must be after --from");
  if (!a.in.empty() && (a.each_frame || sub.count("--from") || sub.count("--to")))
    fail_usage("--from, --to and --each-frame apply to --audio and --features, not to --in");

  // The dataset: read it (a malformed one is refused, never rewritten) or create it.
  const bool exists = fs::exists(a.dataset);
  Dataset existing;
  if (exists) existing = read_dataset(a.dataset);
  const std::string preset =
      !a.preset.preset.empty() ? a.preset.preset : exists ? preset_or_default(existing.preset) : "latentwalk";
  const features::FeatureConfig config = feature_config(preset, a.preset, sub);
  if (exists && preset_or_default(existing.preset) != preset)
    fail_usage("--preset " + preset + ": " + a.dataset + " holds --preset " + preset_or_default(existing.preset) +
               " inputs; a dataset keeps one preset");
  const std::string settings = features::config_settings(config);
  if (exists && !existing.settings.empty() && !a.audio.empty() && existing.settings != settings)
    fail_usage("feature settings " + settings + " differ from " + a.dataset + "'s " + existing.settings +
               " (give the same --lse-* options)");
  std::vector<Channel> outputs = preset == "lse" ? lse_outputs() : default_outputs();
  const std::string* ranges[] = {&a.x_range, &a.y_range, &a.noise_range, &a.ramp_range};
  const char* range_opts[] = {"--x-range", "--y-range", "--noise-range", "--ramp-range"};
  for (int i = 0; i < 4; ++i) {
    if (preset == "lse" && !sub.count(range_opts[i])) continue;  // the device's ranges
    auto r = cli::parse_numbers(*ranges[i], range_opts[i], 2);
    outputs[static_cast<std::size_t>(i)].min = r[0];
    outputs[static_cast<std::size_t>(i)].max = r[1];
  }
  std::vector<std::string> input_names =
      a.inputs.empty() ? features::explorer_features() : split_names(a.inputs, "--inputs");
  Dataset d;
  if (exists) {
    d = existing;
    if (!a.inputs.empty() && input_names != d.inputs)
      fail_usage("--inputs " + a.inputs + " differs from the dataset's inputs (" + join(d.inputs) +
                 "); inputs are fixed when a dataset is created");
    for (int i = 0; i < 4; ++i) {
      if (!sub.count(range_opts[i])) continue;
      const Channel& want = outputs[static_cast<std::size_t>(i)];
      bool same = false;
      for (const auto& c : d.outputs) same = same || (c.name == want.name && c.min == want.min && c.max == want.max);
      if (!same)
        fail_usage(std::string(range_opts[i]) + " " + *ranges[i] +
                   " differs from the dataset's range; ranges are fixed when a dataset is created");
    }
  } else {
    if (preset == "lse" && input_names != features::explorer_features())
      fail_usage("--preset lse: the inputs are the device's ten; --inputs does not apply");
    d = make_dataset(input_names, outputs);
    d.preset = preset;
    d.settings = a.in.empty() ? settings : "";  // pairs by hand: settings unknown
  }

  std::vector<double> out = cli::parse_numbers(a.out, "--out", d.outputs.size());
  std::vector<Pair> pairs;
  if (!a.in.empty()) {
    Pair p;
    p.in = cli::parse_numbers(a.in, "--in", d.inputs.size());
    p.out = out;
    p.source.kind = "manual";
    pairs.push_back(p);
  } else {
    const bool audio = !a.audio.empty();
    const std::string& file = audio ? a.audio : a.features;
    features::Table table;
    if (audio) {
      cli::Progress bar("features", 1000, a.common.quiet);
      table = features::extract_config(file, config, preset == "lse" ? std::vector<std::string>{} : d.inputs,
                                       [&](double f) { bar.update(static_cast<std::uint64_t>(f * 1000)); });
      bar.finish();
    } else {
      table = features::read_table(file);
      if (!exists) d.settings = table.settings;
      features::check_table_preset(table, preset, d.settings, file, "the dataset " + a.dataset);
    }
    Provenance src;
    src.kind = audio ? "audio" : "features";
    src.file = file;
    src.sha256 = sha256_file(file);
    if (a.each_frame) {
      InputFrames frames = table_frames(table, d.inputs, a.from, a.to, file);
      std::size_t first = 0;
      while (table.times[first] < frames.times.front()) ++first;
      for (std::size_t i = 0; i < frames.rows.size(); ++i) {
        Pair p;
        p.in = frames.rows[i];
        p.out = out;
        p.source = src;
        p.source.from = p.source.to = frames.times[i];
        p.source.frame = first + i;
        pairs.push_back(std::move(p));
      }
    } else {
      Pair p;
      p.in = passage_mean(table, d.inputs, a.from, a.to, file);
      p.out = out;
      p.source = src;
      p.source.from = a.from;
      p.source.to = a.to >= 0 ? std::min(a.to, table.times.back()) : table.times.back();
      pairs.push_back(std::move(p));
    }
  }
  auto ids = add_pairs(d, std::move(pairs), a.dataset);
  write_dataset(a.dataset, d);
  if (a.common.json) {
    json j = {{"dataset", a.dataset}, {"added", ids}, {"pairs", d.pairs.size()}};
    std::cout << dump_json(j);
  } else if (!a.common.quiet) {
    std::cerr << "lw-train-explorer: " << (exists ? "" : "created " + a.dataset + "; ") << "added "
              << (ids.size() == 1 ? "pair " + std::to_string(ids[0])
                                  : std::to_string(ids.size()) + " pairs (" + std::to_string(ids.front()) + ".." +
                                        std::to_string(ids.back()) + ")")
              << "; " << d.pairs.size() << " pairs in the dataset\n";
  }
}

// ---------------------------------------------------------------- list
void run_list(const std::string& path, const cli::Common& common) {
  Dataset d = read_dataset(path);
  if (common.json) {
    std::cout << dataset_to_json(d);
    return;
  }
  std::cout << "# " << path << ": " << d.pairs.size() << " pairs; inputs " << join(d.inputs) << "\n";
  std::cout << "id";
  for (const auto& c : d.outputs) std::cout << "\t" << c.name;
  std::cout << "\tsource\n";
  for (const auto& p : d.pairs) {
    std::cout << p.id;
    for (double v : p.out) std::cout << "\t" << format_double(v);
    std::cout << "\t";
    if (p.source.kind == "manual" || p.source.file.empty()) {
      std::cout << "manual";
    } else if (p.source.kind == "flucoma") {
      std::cout << "flucoma " << p.source.file << " " << p.source.flucoma_id;
    } else {
      std::cout << p.source.file << " " << format_fixed(p.source.from, 3) << ".." << format_fixed(p.source.to, 3)
                << " s";
      if (p.source.frame) std::cout << " frame " << *p.source.frame;
    }
    std::cout << "\n";
  }
}

// ---------------------------------------------------------------- train
struct TrainArgs {
  std::string dataset, output, hidden = "3,3", activation = "sigmoid", output_activation = "identity";
  TrainOptions opt;
  bool cont = false;
  int threads = 1;
  std::string preset;
  cli::Common common;
};

void run_train(TrainArgs& a, CLI::App& sub) {
  if (a.threads < 1) fail_usage("--threads must be >= 1");
  if (!a.preset.empty()) features::check_preset_name(a.preset, "--preset");
  if (a.preset == "lse") {
    // fluid.mlpregressor~ @hiddenlayers 3 @activation 1 @outputactivation 1
    // @batchsize 1 @maxiter 10000 @learnrate 0.1 @validation 0 (momentum:
    // FluCoMa's default 0.9). --epochs may shorten it; the topology is fixed.
    for (const char* o : {"--hidden", "--activation", "--output-activation", "--lr", "--momentum", "--batch",
                          "--validation"})
      if (sub.count(o)) fail_usage(std::string(o) + " does not apply to --preset lse (the device's settings)");
    a.hidden = "3";
    a.activation = a.output_activation = "sigmoid";
    a.opt.lr = 0.1;
    a.opt.momentum = 0.9;
    a.opt.batch = 1;
    a.opt.validation = 0;
    if (!sub.count("--epochs")) a.opt.epochs = 10000;
  }
  cli::refuse_json_with_stdout(a.common, a.output);
  a.opt.hidden.clear();
  if (a.hidden != "none" && !a.hidden.empty()) {
    for (double h : cli::parse_numbers(a.hidden, "--hidden")) {
      if (h < 1 || h > 4096 || h != std::floor(h)) fail_usage("--hidden: layer sizes must be integers in 1..4096");
      a.opt.hidden.push_back(static_cast<std::size_t>(h));
    }
  }
  a.opt.activation = parse_activation(a.activation, "--activation");
  a.opt.output_activation = parse_activation(a.output_activation, "--output-activation");
  guard_overwrite({a.dataset}, a.output);
  Dataset d = read_dataset(a.dataset);
  if (!a.preset.empty() && preset_or_default(d.preset) != a.preset)
    fail_usage("--preset " + a.preset + ": " + a.dataset + " holds --preset " + preset_or_default(d.preset) +
               " inputs");
  // LSE inputs are already scaled by the device's patch: the network takes
  // them as they are, so the written layers work in fluid.mlpregressor~.
  a.opt.unit_inputs = d.preset == "lse";
  std::optional<Mlp> start;
  if (a.cont) {
    if (a.output == "-") fail_usage("--continue reads the model named by -o; it cannot be '-'");
    if (!fs::exists(a.output)) fail_usage("--continue: no model '" + a.output + "' to continue; train without it first");
    start = read_mlp(a.output);
    allow_update(a.output);  // --continue updates the model it read
  }
  const TrainerApi& trainer = load_trainer();  // LibTorch is loaded here, not at start-up
  trainer.set_threads(a.threads);
  cli::Progress bar("train", static_cast<std::uint64_t>(a.opt.epochs), a.common.quiet);
  auto t0 = std::chrono::steady_clock::now();
  TrainResult r = trainer.train(d, a.opt, start, [&](int e, double loss) {
    bar.update(static_cast<std::uint64_t>(e), "loss " + format_fixed(loss, 6));
  });
  const double train_seconds = seconds_since(t0);
  bar.finish();

  int previous = 0;
  if (start && start->training.is_object() && start->training.contains("epochs") &&
      start->training["epochs"].is_number_integer())
    previous = start->training["epochs"].get<int>();
  json t;
  t["dataset_sha256"] = sha256_file(a.dataset);
  t["pairs"] = d.pairs.size();
  t["train_pairs"] = r.train_pairs;
  t["validation_pairs"] = r.validation_pairs;
  t["epochs"] = previous + a.opt.epochs;
  t["lr"] = a.opt.lr;
  t["momentum"] = a.opt.momentum;
  t["batch"] = a.opt.batch;
  t["seed"] = a.opt.seed;
  t["threads"] = a.threads;
  t["preset"] = a.preset.empty() ? json(nullptr) : json(a.preset);
  t["train_loss"] = r.train_loss;
  t["validation_loss"] = r.validation_loss ? json(*r.validation_loss) : json(nullptr);
  r.model.training = t;
  write_mlp(a.output, r.model);

  if (a.common.json) {
    std::cout << dump_json({{"model", a.output}, {"epochs", a.opt.epochs}, {"train_loss", r.train_loss},
                            {"validation_loss", t["validation_loss"]}, {"train_pairs", r.train_pairs},
                            {"validation_pairs", r.validation_pairs}, {"seconds", train_seconds}});
  } else if (!a.common.quiet) {
    std::cerr << "lw-train-explorer: " << a.opt.epochs << " epochs; training loss " << format_fixed(r.train_loss, 6)
              << " (" << r.train_pairs << " pairs), validation loss "
              << (r.validation_loss ? format_fixed(*r.validation_loss, 6) : std::string("n/a")) << " ("
              << r.validation_pairs << " pairs); wrote " << a.output << "\n";
  }
}

// ---------------------------------------------------------------- predict
struct PredictArgs {
  std::string model, audio, features, vector, output = "-", inputs;
  double smooth = 0;
  PresetArgs preset;
  cli::Common common;
};

void run_predict(PredictArgs& a, CLI::App& sub) {
  int sources = !a.audio.empty() + !a.features.empty() + !a.vector.empty();
  if (sources != 1) fail_usage("predict: give exactly one of --audio, --features or --vector");
  if (a.audio == "-" || a.features == "-")
    fail_usage("predict: --audio and --features need a file, not '-' (stdin): its SHA-256 is recorded in the path");
  if (!(a.smooth >= 0)) fail_usage("--smooth must be >= 0 seconds");
  if (!a.vector.empty() && (a.smooth > 0 || !a.inputs.empty() || a.output != "-"))
    fail_usage("--smooth, --inputs and -o apply to --audio and --features, not to --vector");
  Mlp m = read_mlp(a.model);
  // The preset: the model's own (a different --preset is refused), else
  // --preset, else latentwalk.
  if (!m.preset.empty() && !a.preset.preset.empty() && m.preset != a.preset.preset)
    fail_usage("--preset " + a.preset.preset + ": " + a.model + " was trained on --preset " + m.preset + " features");
  const std::string preset = !m.preset.empty() ? m.preset : preset_or_default(a.preset.preset);
  const features::FeatureConfig config = feature_config(preset, a.preset, sub);
  if (preset == "lse" && m.bare()) {
    // A model written by the device (fluid.mlpregressor~ write): its inputs
    // are the scaled vector as it is, its outputs 0..1 map onto the LSE's ranges.
    if (m.input_count() != 10 || m.output_count() != 4)
      fail_input(a.model, "a Latent Space Explorer model takes 10 inputs and gives 4 outputs; this one " +
                              std::to_string(m.input_count()) + " -> " + std::to_string(m.output_count()));
    for (const auto& n : features::explorer_features()) m.inputs.push_back(Channel{n, 0, 1});
    m.outputs = lse_outputs();
  }
  if (!a.vector.empty()) {
    std::vector<double> x = cli::parse_numbers(a.vector, "--vector");
    if (x.size() != m.input_count())
      fail_usage("--vector: " + std::to_string(x.size()) + " values, the model takes " +
                 std::to_string(m.input_count()) + " inputs" + (m.bare() ? "" : " (" + [&] {
                   std::vector<std::string> n;
                   for (const auto& c : m.inputs) n.push_back(c.name);
                   return join(n);
                 }() + ")"));
    std::vector<double> y = predict(m, x);
    if (a.common.json) {
      json j = json::object();
      for (std::size_t i = 0; i < y.size(); ++i) j[m.bare() ? "out" + std::to_string(i) : m.outputs[i].name] = y[i];
      std::cout << dump_json(j);
    } else {
      std::cout << join_numbers(y) << "\n";
    }
    return;
  }
  OutputMap map = control_outputs(m, a.model);
  std::vector<std::string> names;
  if (!a.inputs.empty()) {
    names = split_names(a.inputs, "--inputs");
    if (!m.bare()) fail_usage("--inputs is for bare FluCoMa models; this model names its inputs (or --preset lse names them)");
  } else if (m.bare()) {
    names = features::explorer_features();
  } else {
    for (const auto& c : m.inputs) names.push_back(c.name);
  }
  if (names.size() != m.input_count())
    fail_usage("the model takes " + std::to_string(m.input_count()) + " inputs; " + std::to_string(names.size()) +
               " feature names (" + join(names) + ")" + (m.bare() ? "; name them with --inputs" : ""));
  const bool audio = !a.audio.empty();
  const std::string& file = audio ? a.audio : a.features;
  guard_overwrite({a.model, file}, a.output);
  features::Table table;
  auto t0 = std::chrono::steady_clock::now();
  if (audio) {
    if (!m.settings.empty() && features::config_settings(config) != m.settings)
      fail_usage("feature settings " + features::config_settings(config) + " differ from the model's " + m.settings +
                 " (give the options it was trained with)");
    cli::Progress bar("features", 1000, a.common.quiet);
    table = features::extract_config(file, config, preset == "lse" ? std::vector<std::string>{} : names,
                                     [&](double f) { bar.update(static_cast<std::uint64_t>(f * 1000)); });
    bar.finish();
  } else {
    table = features::read_table(file);
    features::check_table_preset(table, preset, m.settings, file, "the model " + a.model);
  }
  const double feature_seconds = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  InputFrames frames = table_frames(table, names, 0, -1, file);
  std::string source = "lw-train-explorer predict " + fs::path(a.model).filename().string() + " on " +
                       fs::path(file).filename().string() + " (sha256 " + sha256_file(file) + ")";
  walk::ControlPath p = predict_path(m, map, frames, a.smooth, source, file);
  walk::write_control_path(a.output, p);
  const double predict_seconds = seconds_since(t0);
  if (a.common.json && a.output != "-") {
    std::cout << dump_json({{"control", a.output},
                            {"frames", p.frames.size()},
                            {"rate_hz", p.rate_hz},
                            {"feature_seconds", feature_seconds},
                            {"predict_seconds", predict_seconds}});
  }
}

// ---------------------------------------------------------------- export
void run_export(const std::string& model, const std::string& output, bool flucoma) {
  if (!flucoma) fail_usage("export: give --flucoma (the only export format)");
  guard_overwrite({model}, output);
  Mlp m = read_mlp(model);
  write_mlp(output, m, /*flucoma_only=*/true);
}

// ---------------------------------------------------------------- FluCoMa DataSet JSON
struct ImportArgs {
  std::string dataset, inputs_json, outputs_json, preset = "lse", inputs;
  cli::Common common;
};

void run_import(ImportArgs& a) {
  features::check_preset_name(a.preset, "--preset");
  if (fs::exists(a.dataset))
    fail_usage(a.dataset + " exists; import-flucoma writes a new dataset (nothing is overwritten)");
  guard_overwrite({a.inputs_json, a.outputs_json}, a.dataset);
  const std::vector<std::string> names =
      a.inputs.empty() ? features::explorer_features() : split_names(a.inputs, "--inputs");
  if (a.preset == "lse" && names != features::explorer_features())
    fail_usage("--preset lse: the inputs are the device's ten; --inputs does not apply");
  FlucomaDataset in = read_flucoma_dataset(a.inputs_json), out = read_flucoma_dataset(a.outputs_json);
  // The device's settings when the datasets were collected are not in them: none recorded.
  Dataset d = import_flucoma(in, a.inputs_json, out, a.outputs_json, names,
                             a.preset == "lse" ? lse_outputs() : default_outputs(), a.preset, "");
  write_dataset(a.dataset, d);
  if (a.common.json)
    std::cout << dump_json({{"dataset", a.dataset}, {"pairs", d.pairs.size()}, {"preset", a.preset}});
  else if (!a.common.quiet)
    std::cerr << "lw-train-explorer: imported " << d.pairs.size() << " pairs into " << a.dataset << "\n";
}

struct ExportDataArgs {
  std::string dataset, inputs_json, outputs_json;
  cli::Common common;
};

void run_export_dataset(ExportDataArgs& a) {
  if (a.inputs_json == a.outputs_json) fail_usage("--inputs-json and --outputs-json must be two files");
  guard_overwrite({a.dataset}, a.inputs_json);
  guard_overwrite({a.dataset}, a.outputs_json);
  Dataset d = read_dataset(a.dataset);
  FlucomaDataset in, out;
  export_flucoma(d, in, out);
  write_file_atomically(a.inputs_json, flucoma_dataset_to_json(in));
  write_file_atomically(a.outputs_json, flucoma_dataset_to_json(out));
  if (a.common.json)
    std::cout << dump_json({{"inputs_json", a.inputs_json}, {"outputs_json", a.outputs_json}, {"points", in.ids.size()}});
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  cli::setup_app(app, "lw-train-explorer",
                 "Collect (musical features -> x, y, noise, ramp_ms) pairs, train the explorer MLP (FluCoMa JSON "
                 "layout) and predict a control path through a rhythm latent space from a take.");

  // add
  AddArgs add;
  auto* s_add = app.add_subcommand("add", "add pairs to a dataset (created when missing)");
  s_add->add_option("dataset", add.dataset, "dataset file (latentwalk.explorer-dataset JSON)")->required();
  s_add->add_option("--audio", add.audio, "take to analyse; the pair's inputs are the passage's mean features");
  s_add->add_option("--features", add.features, "features file (latentwalk.features JSON/CSV) to take inputs from");
  s_add->add_option("--in", add.in, "inputs by hand: comma-separated, one per dataset input");
  s_add->add_option("--from", add.from, "passage start, seconds (default 0)");
  s_add->add_option("--to", add.to, "passage end, seconds (default: the end)");
  s_add->add_flag("--each-frame", add.each_frame, "one pair per feature frame of the passage instead of its mean");
  s_add->add_option("--out", add.out, "outputs X,Y,NOISE,RAMP_MS (within the dataset's ranges)")->required();
  s_add->add_option("--inputs", add.inputs,
                    "input feature names, comma-separated (new dataset only; default the ten explorer features)");
  s_add->add_option("--x-range", add.x_range, "range of x as LO,HI in latent units (new dataset only)")->capture_default_str();
  s_add->add_option("--y-range", add.y_range, "range of y as LO,HI in latent units (new dataset only)")->capture_default_str();
  s_add->add_option("--noise-range", add.noise_range, "range of noise as LO,HI (new dataset only)")->capture_default_str();
  s_add->add_option("--ramp-range", add.ramp_range, "range of ramp_ms as LO,HI in ms (new dataset only)")->capture_default_str();
  add_preset_options(*s_add, add.preset);
  cli::add_quiet(*s_add, add.common);
  cli::add_json(*s_add, add.common, "print the added ids as JSON on stdout");
  s_add->callback([&] { run_add(add, *s_add); });

  // list
  std::string list_path;
  cli::Common list_common;
  auto* s_list = app.add_subcommand("list", "list a dataset's pairs");
  s_list->add_option("dataset", list_path, "dataset file")->required();
  cli::add_json(*s_list, list_common, "print the whole dataset as JSON");
  cli::add_quiet(*s_list, list_common);  // prints nothing on stderr: accepted so scripts can pass -q everywhere
  s_list->callback([&] { run_list(list_path, list_common); });

  // remove
  std::string rm_path;
  std::vector<std::uint64_t> rm_ids;
  cli::Common rm_common;
  auto* s_rm = app.add_subcommand("remove", "remove pairs by id (ids are never reused)");
  s_rm->add_option("dataset", rm_path, "dataset file")->required();
  s_rm->add_option("ids", rm_ids, "pair ids, as shown by 'list'")->required();
  cli::add_quiet(*s_rm, rm_common);
  cli::add_json(*s_rm, rm_common, "print the removed ids and the pairs left as JSON on stdout");
  s_rm->callback([&] {
    Dataset d = read_dataset(rm_path);
    remove_pairs(d, rm_ids);
    write_dataset(rm_path, d);
    if (rm_common.json)
      std::cout << dump_json({{"removed", rm_ids}, {"pairs", d.pairs.size()}});
    else if (!rm_common.quiet)
      std::cerr << "lw-train-explorer: removed " << rm_ids.size() << " pair(s); " << d.pairs.size() << " left\n";
  });

  // clear
  std::string clear_path;
  bool clear_yes = false;
  auto* s_clear = app.add_subcommand("clear", "remove every pair (keeps inputs, outputs and ranges)");
  s_clear->add_option("dataset", clear_path, "dataset file")->required();
  s_clear->add_flag("--yes", clear_yes, "confirm: the collected pairs are deleted");
  cli::Common clear_common;
  cli::add_quiet(*s_clear, clear_common);  // prints nothing on stderr: accepted so scripts can pass -q everywhere
  s_clear->callback([&] {
    if (!clear_yes) fail_usage("clear deletes every pair of " + clear_path + "; add --yes to confirm");
    Dataset d = read_dataset(clear_path);
    d.pairs.clear();
    write_dataset(clear_path, d);
  });

  // train
  TrainArgs tr;
  auto* s_train = app.add_subcommand("train", "train the MLP on a dataset (LibTorch)");
  s_train->add_option("dataset", tr.dataset, "dataset file")->required();
  s_train->add_option("-o,--output", tr.output, "model file to write (FluCoMa MLP JSON + latentwalk fields)")
      ->required();
  s_train->add_option("--hidden", tr.hidden, "hidden layer sizes, comma-separated ('none': no hidden layer)")->capture_default_str();
  s_train->add_option("--activation", tr.activation, "hidden activation: identity|sigmoid|relu|tanh")->capture_default_str();
  s_train->add_option("--output-activation", tr.output_activation, "output activation: identity|sigmoid|relu|tanh")->capture_default_str();
  s_train->add_option("--epochs", tr.opt.epochs, "passes over the training pairs")->capture_default_str();
  s_train->add_option("--lr", tr.opt.lr, "learning rate (SGD)")->capture_default_str();
  s_train->add_option("--momentum", tr.opt.momentum, "SGD momentum in [0, 1)")->capture_default_str();
  s_train->add_option("--batch", tr.opt.batch, "mini-batch size")->capture_default_str();
  s_train->add_option("--validation", tr.opt.validation, "fraction of pairs held out for the validation loss")->capture_default_str();
  s_train->add_option("--seed", tr.opt.seed, "seed for initial weights, validation split and batch order")->capture_default_str();
  s_train->add_flag("--continue", tr.cont,
                    "train the existing model named by -o further (keeps its layers and scaling)");
  s_train->add_option("--threads", tr.threads, "BLAS threads (torch's own pool stays at 1; results are reproducible per count)")->capture_default_str();
  cli::add_quiet(*s_train, tr.common);
  cli::add_json(*s_train, tr.common, "print the final losses as JSON on stdout");
  s_train->add_option("--preset", tr.preset,
                      "lse: the Latent Space Explorer's network and training (10 -> 3 -> 4, sigmoid, batch 1, "
                      "10000 epochs, lr 0.1, no validation); the dataset must hold lse inputs");
  s_train->callback([&] { run_train(tr, *s_train); });

  // predict
  PredictArgs pr;
  auto* s_pred = app.add_subcommand("predict", "predict a control path from a take (or outputs from one vector)");
  s_pred->add_option("model", pr.model, "model file (latentwalk or bare FluCoMa MLP JSON)")->required();
  s_pred->add_option("--audio", pr.audio, "take to analyse frame by frame");
  s_pred->add_option("--features", pr.features, "features file (latentwalk.features JSON/CSV)");
  s_pred->add_option("--vector", pr.vector, "one input vector, comma-separated; prints the outputs");
  s_pred->add_option("-o,--output", pr.output, "control path file (latentwalk.control JSON; '-' = stdout)")->capture_default_str();
  s_pred->add_option("--smooth", pr.smooth, "centred moving average over this many seconds (0 = none)")->capture_default_str();
  s_pred->add_option("--inputs", pr.inputs,
                     "feature names for a bare FluCoMa model's inputs (default the ten explorer features)");
  add_preset_options(*s_pred, pr.preset);
  cli::add_quiet(*s_pred, pr.common);
  cli::add_json(*s_pred, pr.common, "--vector: print the outputs as a JSON object; otherwise a summary");
  s_pred->callback([&] { run_predict(pr, *s_pred); });

  // export
  std::string ex_model, ex_out;
  bool ex_flucoma = false;
  auto* s_ex = app.add_subcommand("export", "write a model for FluCoMa (fluid.mlpregressor~ read)");
  s_ex->add_option("model", ex_model, "model file")->required();
  s_ex->add_flag("--flucoma", ex_flucoma, "bare FluCoMa MLP JSON (layers only; scaling is left out)");
  s_ex->add_option("-o,--output", ex_out, "file to write ('-' = stdout)")->required();
  cli::Common ex_common;
  cli::add_quiet(*s_ex, ex_common);  // prints nothing on stderr: accepted so scripts can pass -q everywhere
  s_ex->callback([&] { run_export(ex_model, ex_out, ex_flucoma); });

  // import-flucoma
  ImportArgs im;
  auto* s_im = app.add_subcommand("import-flucoma",
                                  "make a dataset from two FluCoMa DataSet JSON files (the LSE's input_data and "
                                  "params_data, fluid.dataset~ write), pairs matched by id");
  s_im->add_option("dataset", im.dataset, "dataset file to create (must not exist)")->required();
  s_im->add_option("--inputs-json", im.inputs_json, "FluCoMa DataSet of the inputs (10 columns for lse)")->required();
  s_im->add_option("--outputs-json", im.outputs_json, "FluCoMa DataSet of the outputs x, y, noise, ramp in 0..1")
      ->required();
  s_im->add_option("--preset", im.preset, "preset the inputs were made with: lse or latentwalk")->capture_default_str();
  s_im->add_option("--inputs", im.inputs, "input feature names, comma-separated (latentwalk; default the ten)");
  cli::add_quiet(*s_im, im.common);
  cli::add_json(*s_im, im.common, "print the dataset and its pair count as JSON on stdout");
  s_im->callback([&] { run_import(im); });

  // export-flucoma
  ExportDataArgs exd;
  auto* s_exd = app.add_subcommand("export-flucoma",
                                   "write a dataset as two FluCoMa DataSet JSON files (inputs; outputs mapped to "
                                   "0..1) for fluid.dataset~ read");
  s_exd->add_option("dataset", exd.dataset, "dataset file")->required();
  s_exd->add_option("--inputs-json", exd.inputs_json, "FluCoMa DataSet file for the inputs")->required();
  s_exd->add_option("--outputs-json", exd.outputs_json, "FluCoMa DataSet file for the outputs")->required();
  cli::add_quiet(*s_exd, exd.common);  // prints nothing on stderr
  cli::add_json(*s_exd, exd.common, "print the files written and the point count as JSON on stdout");
  s_exd->callback([&] { run_export_dataset(exd); });

  return cli::run(app, argc, argv);
}
