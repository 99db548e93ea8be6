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

// ---------------------------------------------------------------- add
struct AddArgs {
  std::string dataset, audio, features, in, out, inputs;
  std::string x_range = "-3,3", y_range = "-3,3", noise_range = "0,2", ramp_range = "0,10000";
  double from = 0, to = -1;
  bool each_frame = false;
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
  std::vector<Channel> outputs = default_outputs();
  const std::string* ranges[] = {&a.x_range, &a.y_range, &a.noise_range, &a.ramp_range};
  const char* range_opts[] = {"--x-range", "--y-range", "--noise-range", "--ramp-range"};
  for (int i = 0; i < 4; ++i) {
    auto r = cli::parse_numbers(*ranges[i], range_opts[i], 2);
    outputs[static_cast<std::size_t>(i)].min = r[0];
    outputs[static_cast<std::size_t>(i)].max = r[1];
  }
  std::vector<std::string> input_names =
      a.inputs.empty() ? features::explorer_features() : split_names(a.inputs, "--inputs");
  Dataset d;
  if (exists) {
    d = read_dataset(a.dataset);
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
    d = make_dataset(input_names, outputs);
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
      table = features::extract(file, features::Params{}, d.inputs,
                                [&](double f) { bar.update(static_cast<std::uint64_t>(f * 1000)); });
      bar.finish();
    } else {
      table = features::read_table(file);
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
  cli::Common common;
};

void run_train(TrainArgs& a) {
  if (a.threads < 1) fail_usage("--threads must be >= 1");
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
  cli::Common common;
};

void run_predict(PredictArgs& a) {
  int sources = !a.audio.empty() + !a.features.empty() + !a.vector.empty();
  if (sources != 1) fail_usage("predict: give exactly one of --audio, --features or --vector");
  if (a.audio == "-" || a.features == "-")
    fail_usage("predict: --audio and --features need a file, not '-' (stdin): its SHA-256 is recorded in the path");
  if (!(a.smooth >= 0)) fail_usage("--smooth must be >= 0 seconds");
  if (!a.vector.empty() && (a.smooth > 0 || !a.inputs.empty() || a.output != "-"))
    fail_usage("--smooth, --inputs and -o apply to --audio and --features, not to --vector");
  Mlp m = read_mlp(a.model);
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
    if (!m.bare()) fail_usage("--inputs is for bare FluCoMa models; this model names its inputs");
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
    cli::Progress bar("features", 1000, a.common.quiet);
    table = features::extract(file, features::Params{}, names,
                              [&](double f) { bar.update(static_cast<std::uint64_t>(f * 1000)); });
    bar.finish();
  } else {
    table = features::read_table(file);
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
  s_train->callback([&] { run_train(tr); });

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
  cli::add_quiet(*s_pred, pr.common);
  cli::add_json(*s_pred, pr.common, "--vector: print the outputs as a JSON object; otherwise a summary");
  s_pred->callback([&] { run_predict(pr); });

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

  return cli::run(app, argc, argv);
}
