// lw-render: soundwalks through a latent audio model, offline.
// A trajectory, a mapping and a model (nn~ / RAVE TorchScript export, or a
// built-in one) in; an audio file and its manifest out.
#include <chrono>
#include <cmath>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "audio/audio_file.hpp"
#include "audio/resample.hpp"
#include "core/atomic_file.hpp"
#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "core/numfmt.hpp"
#include "model/builtin_models.hpp"
#include "model/latent_model.hpp"
#include "model/render_pipeline.hpp"
#include "model/torch_runtime.hpp"
#include "render/batch.hpp"
#include "render/manifest.hpp"
#include "render/mapping.hpp"
#include "render/nn_like.hpp"
#include "render/npy.hpp"
#include "report/report.hpp"
#include "walk/geometry.hpp"
#include "walk/resample.hpp"
#include "walk/scene_io.hpp"
#include "walk/trajectory_io.hpp"

namespace {

using namespace lw;

// Chosen by measurement (tests/bench/lw-render-bench.sh, README figures).
constexpr int kDefaultThreads = 1;
constexpr int kDefaultBlock = 128;
constexpr int kDefaultOverlap = 8;
// A walk longer than this is refused unless --max-duration allows it: a
// slip of units (ms for s) would otherwise render for days.
constexpr double kDefaultMaxDuration = 24 * 3600;

struct RenderOptions {
  std::string model = "builtin:voices";
  std::string mapping;
  std::string scene;
  std::string stereo;
  std::uint64_t seed = 0;
  int threads = kDefaultThreads;
  std::int64_t block = kDefaultBlock;
  std::int64_t overlap = kDefaultOverlap;
  std::string interpolation = "cubic";
  std::string output;
  std::string format = "float";
  int rate = 0;
  std::optional<double> normalize;
  std::string manifest;
  bool no_manifest = false;
  std::string latents_out;  // --latents-out FILE.npy: the latents decoded
  // walk only: --fit LO:HI, --fit-box walk|scene, --outside-share S
  std::string fit;
  std::string fit_box = "walk";
  double outside_share = 0.25;
  // walk only: --like nn~ [--buffer N] [--vector N]
  std::string like;
  int nn_buffer = 4096;
  int nn_vector = 64;
  std::string report;  // walk and audio: --report PAGE.html
  double max_duration = kDefaultMaxDuration;
  cli::Common common;
};

void add_model_option(CLI::App* sub, std::string& model) {
  sub->add_option("-m,--model", model,
                  "TorchScript model file (nn~/RAVE export) or builtin:voices, builtin:voices-stereo")
      ->capture_default_str();
}

void add_render_options(CLI::App* sub, RenderOptions& o, bool walk_options) {
  add_model_option(sub, o.model);
  sub->add_option("-o,--output", o.output, "output audio file (.wav, .flac, .aiff; - = stdout WAV)")->required();
  if (walk_options) {
    sub->add_option("--mapping", o.mapping,
                    "mapping YAML (default: x, y, z -> latent dimensions 0, 1, 2, scale 1)");
    sub->add_option("--scene", o.scene, "scene YAML, for distance:LANDMARK sources and zones");
    sub->add_option("--interpolation", o.interpolation,
                    "resampling of the walk to the latent frame rate: linear|cubic")
        ->capture_default_str()
        ->check(CLI::IsMember({"linear", "cubic"}));
  }
  sub->add_option("--stereo", o.stereo, "override the mapping's stereo mode: pan|rotate|none")
      ->check(CLI::IsMember({"pan", "rotate", "none"}));
  sub->add_option("--seed", o.seed, "seed of torch's generator (models that draw random values)")
      ->capture_default_str();
  sub->add_option("--threads", o.threads, "decode threads: blocks of a non-streaming model decoded side by side, one thread each (same output bytes for every count)")->capture_default_str()->check(CLI::Range(1, 64));
  sub->add_option("--block", o.block, "latent frames per decode call")->capture_default_str()->check(CLI::Range(1, 1 << 20));
  sub->add_option("--overlap", o.overlap, "latent frames shared by consecutive blocks (cross-faded); streaming models and --like nn~ use 0 "
                  "(the manifest's overlap; overlap_requested keeps this value)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  sub->add_option("--format", o.format, "sample format: float|pcm16|pcm24")
      ->capture_default_str()
      ->check(CLI::IsMember({"float", "pcm16", "pcm24"}));
  sub->add_option("--rate", o.rate, "output sample rate in Hz (libsamplerate; default: the model's)")
      ->check(CLI::Range(1000, 768000));
  sub->add_option("--normalize", o.normalize, "scale the output so its peak is at DBFS (e.g. -1)");
  sub->add_option("--manifest", o.manifest, "manifest path (default: OUTPUT without extension + .manifest.json)");
  sub->add_flag("--no-manifest", o.no_manifest, "do not write a manifest");
  sub->add_option("--latents-out", o.latents_out,
                  "also write the latents that were decoded, as .npy [latent, frames] float32");
  cli::add_quiet(*sub, o.common);
  cli::add_json(*sub, o.common, "print a summary (duration, wall time, real-time factor) as JSON on stdout");
}


model::LatentModel load_model(const std::string& spec) { return model::LatentModel::load(spec); }

// Models by spec, each loaded once per process (a batch renders many walks
// through the same model; a model on stdin can only be read once anyway).
model::LatentModel& cached_model(const std::string& spec) {
  static std::map<std::string, model::LatentModel> models;
  auto it = models.find(spec);
  if (it == models.end()) it = models.emplace(spec, model::LatentModel::load(spec)).first;
  return it->second;
}

json model_entry(const model::LatentModel& m) {
  return json{{"spec", m.name()},
              {"sha256", m.sha256()},
              {"sample_rate", m.sample_rate()},
              {"ratio", m.ratio()},
              {"latent_size", m.latent_size()},
              {"channels", m.channels()},
              {"streaming", m.streaming()},
              {"delay_samples", m.delay()}};
}

render::OutputOptions output_options(const RenderOptions& o) {
  render::OutputOptions out;
  out.path = o.output;
  out.format = audio::parse_sample_format(o.format);
  out.rate = o.rate;
  out.normalize_dbfs = o.normalize;
  return out;
}

std::string manifest_path(const RenderOptions& o) {
  if (o.no_manifest) return "";
  if (!o.manifest.empty()) return o.manifest;
  return render::default_manifest_path(o.output);
}

// Everything that may be read, so the outputs can never overwrite one.
void guard_outputs(const std::vector<std::string>& inputs, const RenderOptions& o) {
  cli::refuse_json_with_stdout(o.common, o.output);
  std::vector<std::string> files;
  for (const auto& f : inputs)
    if (!f.empty() && !model::is_builtin_name(f)) files.push_back(f);
  guard_overwrite(files, o.output);
  const auto mp = manifest_path(o);
  if (!mp.empty()) {
    guard_overwrite(files, mp);
    if (mp == o.output) fail_usage("--manifest is the same file as --output");
  }
  if (!o.latents_out.empty()) {
    guard_overwrite(files, o.latents_out);
    if (o.latents_out == o.output || o.latents_out == mp)
      fail_usage("--latents-out is the same file as --output or the manifest");
    if (o.latents_out == "-") fail_usage("--latents-out needs a file (not '-')");
  }
  if (!o.report.empty()) {
    if (o.output == "-") fail_usage("--report needs the audio in a file (the page plays it), not -o -");
    for (const auto& f : {o.output, mp, o.latents_out})
      if (!f.empty()) files.push_back(f);
    guard_overwrite(files, o.report);
  }
}

// The mapping as the review page names it.
std::string mapping_label(const RenderOptions& o) {
  return o.mapping.empty() ? std::string("default (x, y, z -> 0, 1, 2)") : o.mapping;
}

// --latents-out: the exact planar latents handed to the decoder.
void write_latents_out(const RenderOptions& o, const model::RenderJob& job, int latent, json& manifest) {
  if (o.latents_out.empty()) return;
  render::write_latents_npy(o.latents_out, job.latents.data(), latent, job.frames);
  manifest["latents_out"] = o.latents_out;
}

void finish(const RenderOptions& o, model::LatentModel& m, json manifest, const render::OutputSummary& s,
            double wall, std::int64_t latent_frames) {
  manifest["model"] = model_entry(m);
  manifest["seed"] = o.seed;
  manifest["threads"] = o.threads;
  manifest["block"] = o.block;
  // A streaming model is decoded in order without overlap, and --like nn~
  // calls the model once per buffer without cross-fades: the overlap that
  // took effect is 0 there, and the one asked for is kept beside it.
  if (m.streaming() || !o.like.empty()) {
    manifest["overlap"] = 0;
    manifest["overlap_requested"] = o.overlap;
  } else {
    manifest["overlap"] = o.overlap;
  }
  manifest["latent_frames"] = latent_frames;
  if (!manifest.contains("heard_delay_seconds")) {
    // decoded offline: a streaming model's delay is compensated
    manifest["model_delay_samples"] = m.delay();
    manifest["model_delay_compensated"] = true;
    manifest["heard_delay_samples"] = 0;
    manifest["heard_delay_seconds"] = 0.0;
  }
  manifest["output"] = json{{"path", o.output},
                            {"format", o.format},
                            {"sample_rate", s.rate},
                            {"channels", s.channels},
                            {"frames", s.frames},
                            {"duration", s.duration()},
                            {"normalize_dbfs", o.normalize ? json(*o.normalize) : json(nullptr)},
                            {"gain", s.gain}};
  const auto mp = manifest_path(o);
  if (!mp.empty()) write_file_atomically(mp, dump_json(manifest) + "\n");
  const double rtf = s.duration() > 0 ? wall / s.duration() : 0;
  if (o.common.json) {
    json j{{"output", o.output},   {"manifest", mp.empty() ? json(nullptr) : json(mp)},
           {"duration", s.duration()}, {"sample_rate", s.rate}, {"channels", s.channels},
           {"wall_time", wall},    {"real_time_factor", rtf}, {"peak", s.peak},
           {"gain", s.gain}};
    if (manifest.contains("outside")) j["outside"] = manifest["outside"];
    std::cout << dump_json(j) << "\n";
  } else if (!o.common.quiet) {
    std::cerr << "lw-render: wrote " << o.output << " (" << format_fixed(s.duration(), 2) << " s, " << s.channels
              << " ch, " << s.rate << " Hz) in " << format_fixed(wall, 2) << " s (real-time factor "
              << format_fixed(rtf, 3) << ")" << (mp.empty() ? "" : ", manifest " + mp) << "\n";
  }
}

// --fit LO:HI (e.g. -2.5:2.5).
std::pair<double, double> parse_fit(const std::string& spec) {
  const auto colon = spec.find(':', 1);
  double lo = 0, hi = 0;
  bool ok = colon != std::string::npos;
  if (ok) {
    char* end = nullptr;
    const std::string a = spec.substr(0, colon), b = spec.substr(colon + 1);
    lo = std::strtod(a.c_str(), &end);
    ok = !a.empty() && *end == '\0';
    hi = std::strtod(b.c_str(), &end);
    ok = ok && !b.empty() && *end == '\0';
  }
  if (!ok || !std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi) || std::abs(lo) > 1e6 || std::abs(hi) > 1e6)
    fail_usage("--fit expects LO:HI with LO < HI (e.g. -2.5:2.5), got '" + spec + "'");
  return {lo, hi};
}

render::Mapping load_mapping(const RenderOptions& o) {
  auto m = o.mapping.empty() ? render::default_mapping() : render::read_mapping(o.mapping);
  if (!o.stereo.empty()) m.stereo = render::parse_stereo(o.stereo);
  return m;
}

// The walk sampled at the model's latent frame rate: `frames` frames at
// t0 + k / rate (unwrapped azimuth).
walk::Trajectory sample_walk(const walk::Trajectory& traj, double rate, std::int64_t frames, walk::Method method) {
  walk::Trajectory out;
  out.rate_hz = rate;
  const auto unwrapped = walk::unwrap_azimuth(traj);
  const double t0 = traj.frames.front().t;
  out.frames.reserve(std::size_t(frames));
  for (std::int64_t k = 0; k < frames; ++k)
    out.frames.push_back(walk::sample_at(traj, unwrapped, t0 + double(k) / rate, method));
  return out;
}

std::vector<double> azimuths(const walk::Trajectory& w) {
  std::vector<double> a;
  a.reserve(w.frames.size());
  for (const auto& f : w.frames) a.push_back(f.azimuth);
  return a;
}

// One thread per decode call (set in main, before a model is loaded and
// probed); --threads gives the number of block decoders
// (model::DecodeRuntime), chosen over BLAS threads by measurement
// (tests/bench/lw-render-threads.sh).
void apply_runtime(const RenderOptions& o) { model::seed_torch(o.seed); }

model::DecodeRuntime decode_runtime(const RenderOptions& o) { return {o.threads, o.seed, true}; }

// Decodes and writes `job` with a progress bar; returns the summary and the
// wall time since `t_start` (what the --json report and the manifest need).
std::pair<render::OutputSummary, double> render_with_progress(model::LatentModel& m, const model::RenderJob& job,
                                                              const RenderOptions& o,
                                                              std::chrono::steady_clock::time_point t_start) {
  cli::Progress bar("render", std::uint64_t(job.frames), o.common.quiet || o.common.json);
  auto summary = model::render_to_file(m, job, output_options(o),
                                       [&bar](std::int64_t done, std::int64_t) { bar.update(std::uint64_t(done)); });
  bar.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  return {summary, wall};
}

void check_duration(const std::string& traj_path, double duration, double max_duration) {
  if (duration > max_duration)
    fail_input(traj_path, "the walk lasts " + format_fixed(duration, 1) + " s (" + format_fixed(duration / 3600, 1) +
                              " h), more than --max-duration " + format_fixed(max_duration, 0) +
                              " s; check the time unit, or raise --max-duration to render it");
}

void run_walk(const std::string& traj_path, RenderOptions& o) {
  const auto t_start = std::chrono::steady_clock::now();
  auto traj = walk::read_trajectory(traj_path);
  if (traj.frames.size() < 2 || !(traj.duration() > 0))
    fail_input(traj_path, "the trajectory lasts 0 s (fewer than two frames): nothing to render");
  std::optional<walk::Scene> scene;
  if (!o.scene.empty()) scene = walk::read_scene(o.scene);
  auto mapping = load_mapping(o);
  render::check_block_spec({o.block, o.overlap});
  guard_outputs({traj_path, o.mapping, o.scene, o.model}, o);
  auto& m = cached_model(o.model);
  render::check_mapping(mapping, m.latent_size(), scene ? &*scene : nullptr);
  json fit_record = nullptr;
  if (!o.fit.empty()) {
    const auto [lo, hi] = parse_fit(o.fit);
    if (o.fit_box == "scene" && !scene) fail_usage("--fit-box scene needs --scene");
    const auto box = o.fit_box == "scene" ? render::scene_box(*scene) : render::walk_box(traj);
    fit_record = render::fit_mapping(mapping, box, lo, hi, o.fit_box);
  }
  render::check_mapped_finite(mapping, m.latent_size(), traj, scene ? &*scene : nullptr, traj_path);

  const double duration = traj.duration();
  check_duration(traj_path, duration, o.max_duration);
  const std::int64_t out_frames = std::max<std::int64_t>(1, std::llround(duration * m.sample_rate()));
  const std::int64_t frames = (out_frames + m.ratio() - 1) / m.ratio();
  model::RenderJob job;
  render::OutputSummary summary;
  double wall = 0;
  json like_record = nullptr;
  std::int64_t decoded_frames = frames;
  // How late the walk is heard: 0 offline (a streaming model's delay is
  // compensated); with --like nn~ its buffer delay plus, for a streaming
  // model, the model's own delay, both heard live as here.
  std::int64_t heard_delay = 0;
  std::string delay_reason;
  if (o.like.empty()) {
    auto w = sample_walk(traj, m.frame_rate(), frames, walk::parse_method(o.interpolation));
    job.latents = render::map_walk(mapping, m.latent_size(), w, scene ? &*scene : nullptr);
    job.frames = frames;
    job.azimuth = azimuths(w);
  } else {
    // --like nn~ (render/nn_like.hpp): the walk's frames mapped where they
    // arrive, held, sampled at the end of each ratio piece, decoded one nn~
    // buffer at a time, delayed as nn~ delays.
    const auto plan = render::plan_nn_like({o.nn_buffer, o.nn_vector}, m.ratio());
    walk::Trajectory raw = traj;
    const auto unwrapped = walk::unwrap_azimuth(traj);
    for (std::size_t k = 0; k < raw.frames.size(); ++k) raw.frames[k].azimuth = unwrapped[k];
    const auto arrived = render::map_walk(mapping, m.latent_size(), raw, scene ? &*scene : nullptr);
    const std::size_t nraw = raw.frames.size();
    decoded_frames = render::nn_like_latent_frames(plan, m.ratio(), out_frames);
    const auto held = render::held_frames(traj, m.sample_rate(), m.ratio(), decoded_frames);
    job.latents.resize(std::size_t(m.latent_size()) * std::size_t(decoded_frames));
    for (int d = 0; d < m.latent_size(); ++d)
      for (std::int64_t f = 0; f < decoded_frames; ++f)
        job.latents[std::size_t(d * decoded_frames + f)] = arrived[std::size_t(d) * nraw + held[std::size_t(f)]];
    job.frames = decoded_frames;
    const auto pan_held = render::held_frames(traj, m.sample_rate(), m.ratio(), frames);  // panning at output time
    for (std::int64_t f = 0; f < frames; ++f) job.azimuth.push_back(unwrapped[pan_held[std::size_t(f)]]);
    like_record = json{{"like", "nn~"},
                       {"followed", "acids-ircam/nn_tilde ca97f82: nn_base.h (buffer size), nn_tilde.cpp nn::perform "
                                    "(circular buffers, compute thread), backend.cpp Backend::perform (last sample "
                                    "of each ratio piece)"},
                       {"buffer", plan.buffer},
                       {"threaded", plan.threaded},
                       {"vector", o.nn_vector},
                       {"delay_samples", plan.delay},
                       {"frames_per_call", plan.frames_per_call}};
    heard_delay = plan.delay + (m.streaming() ? m.delay() : 0);
    delay_reason = "nn~ buffer delay" + std::string(m.streaming() && m.delay() > 0 ? " and the streaming model's own delay" : "");
  }
  const auto outside = render::outside_share(job.latents, m.latent_size(), job.frames, 3.0);
  const bool outside_warn = outside.share > o.outside_share;
  if (outside_warn && !o.common.quiet)
    std::cerr << "lw-render: warning: the mapped values are beyond +-3 for " << render::describe_outside(outside)
              << ", where a model's sound barely changes; --fit LO:HI scales the walk onto a latent range\n";
  job.stereo = mapping.stereo;
  job.stereo_width = mapping.stereo_width;
  job.blocks = {o.block, o.overlap};
  job.out_frames = out_frames;
  job.runtime = decode_runtime(o);

  apply_runtime(o);
  if (o.like.empty()) {
    std::tie(summary, wall) = render_with_progress(m, job, o, t_start);
  } else {
    const auto plan = render::plan_nn_like({o.nn_buffer, o.nn_vector}, m.ratio());
    render::NnLikeJob nj;
    nj.latents = job.latents;
    nj.latent = m.latent_size();
    nj.frames = job.frames;
    nj.azimuth = job.azimuth;
    nj.stereo = job.stereo;
    nj.stereo_width = job.stereo_width;
    nj.out_frames = out_frames;
    const int ch = m.channels();
    auto decode = [&m, ch](const float* z, std::int64_t n, std::vector<float>& out) {
      auto t = torch::from_blob(const_cast<float*>(z), {1, m.latent_size(), n}, torch::kFloat).clone();
      auto y = m.decode(t);  // [1, ch, n * ratio], shape checked
      const float* yp = y.data_ptr<float>();
      const std::int64_t samples = n * m.ratio();
      out.resize(std::size_t(samples * ch));
      for (std::int64_t i = 0; i < samples; ++i)
        for (int c = 0; c < ch; ++c) out[std::size_t(i * ch + c)] = yp[c * samples + i];
    };
    m.reset_state();  // a streaming export starts from its loaded state, as in a fresh nn~
    cli::Progress bar("render", std::uint64_t(job.frames), o.common.quiet || o.common.json);
    summary = render::render_nn_like(plan, nj, ch, m.ratio(), m.sample_rate(), output_options(o), decode,
                                     [&bar](std::int64_t done, std::int64_t) { bar.update(std::uint64_t(done)); });
    bar.finish();
    wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  }

  auto manifest = render::new_manifest(cli::version_string("lw-render"), "walk");
  manifest["trajectory"] = render::file_entry(traj_path);
  manifest["trajectory"]["frames"] = traj.frames.size();
  manifest["trajectory"]["duration"] = duration;
  manifest["scene"] = o.scene.empty() ? json(nullptr) : render::file_entry(o.scene);
  manifest["mapping"] = render::mapping_to_json(mapping);
  if (!o.mapping.empty()) manifest["mapping"]["sha256"] = render::file_entry(o.mapping)["sha256"];
  manifest["interpolation"] = o.interpolation;
  manifest["fit"] = fit_record;
  manifest["like"] = like_record;
  manifest["model_delay_samples"] = m.delay();
  manifest["model_delay_compensated"] = o.like.empty();
  manifest["heard_delay_samples"] = heard_delay;
  manifest["heard_delay_seconds"] = double(heard_delay) / m.sample_rate();
  manifest["outside"] = json{{"limit", outside.limit},
                             {"share", outside.share},
                             {"per_dim", outside.per_dim},
                             {"warn_share", o.outside_share},
                             {"warning", outside_warn}};
  write_latents_out(o, job, m.latent_size(), manifest);
  if (!o.report.empty()) manifest["report"] = o.report;
  finish(o, m, manifest, summary, wall, decoded_frames);
  if (!o.report.empty()) {
    report::ReportInput r;
    r.title = o.output;
    r.audio_path = o.output;
    r.walk = traj;
    r.scene = scene;
    r.latents = job.latents;
    r.latent = m.latent_size();
    r.frames = job.frames;
    r.latent_rate = m.frame_rate();
    r.note = "walk " + traj_path + ", model " + m.name() + ", mapping " +
             mapping_label(o) +
             (o.like.empty() ? "" : ", rendered like nn~") + ", seed " + std::to_string(o.seed);
    r.delay_seconds = double(heard_delay) / m.sample_rate();
    r.delay_reason = delay_reason;
    report::write_report(r, o.report);
  }
}

// walk's batch options: trajectories, --mapping and -m repeated, -o as a
// template, or --jobs FILE (render/batch.hpp).
struct WalkBatch {
  std::vector<std::string> walks, mappings, models;
  std::string output, jobs_file;
};

void add_batch_options(CLI::App* walk, WalkBatch& b, RenderOptions& o) {
  walk->add_option("trajectory", b.walks,
                   "trajectories (JSON, CSV, NDJSON or latentwalk.control); several make a batch");
  for (const char* name : {"--mapping", "--model", "--output"}) walk->remove_option(walk->get_option(name));
  walk->add_option("--mapping", b.mappings,
                   "mapping YAML (default: x, y, z -> latent dimensions 0, 1, 2, scale 1); repeat for a batch");
  walk->add_option("-m,--model", b.models,
                   "TorchScript model file (nn~/RAVE export) or builtin:voices, builtin:voices-stereo (default "
                   "builtin:voices); repeat for a batch");
  walk->add_option("-o,--output", b.output,
                   "output audio file (.wav, .flac, .aiff; - = stdout WAV); for a batch a template with {stem}, "
                   "{mapping}, {model}, {n}");
  walk->add_option("--jobs", b.jobs_file, "jobs file: one render a line, WALK MAPPING MODEL OUTPUT ('-' = default)");
  walk->add_option("--max-duration", o.max_duration, "refuse walks longer than this many seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

void run_walk_batch(const WalkBatch& b, RenderOptions& o) {
  std::vector<render::BatchJob> jobs;
  if (!b.jobs_file.empty()) {
    if (!b.walks.empty() || !b.mappings.empty() || !b.output.empty() || b.models.size() > 1)
      fail_usage("--jobs takes walks, mappings, models and outputs from the file (-m gives the model for '-')");
    jobs = render::read_jobs_file(b.jobs_file, b.models.empty() ? o.model : b.models[0]);
  } else {
    if (b.walks.empty()) fail_usage("walk: a trajectory is required (or --jobs FILE)");
    if (b.output.empty()) fail_usage("walk: -o/--output is required");
    jobs = render::product_jobs(b.walks, b.mappings, b.models.empty() ? std::vector<std::string>{o.model} : b.models,
                                b.output);
  }
  auto job_options = [&](const render::BatchJob& j, std::size_t n) {
    RenderOptions oj = o;
    oj.mapping = j.mapping;
    oj.model = j.model;
    oj.output = j.output;
    if (jobs.size() > 1) {
      // Side files take the output's template too, one per job.
      if (!o.manifest.empty()) oj.manifest = render::expand_output_template(o.manifest, j, n);
      if (!o.report.empty()) oj.report = render::expand_output_template(o.report, j, n);
      if (!o.latents_out.empty()) oj.latents_out = render::expand_output_template(o.latents_out, j, n);
    }
    return oj;
  };
  if (jobs.size() == 1 && b.jobs_file.empty()) {
    auto oj = job_options(jobs[0], 1);
    return run_walk(jobs[0].walk, oj);
  }
  // The whole batch is checked before the first render: outputs, then every
  // walk, mapping and model (each model loaded once, here).
  std::vector<std::string> manifests;
  for (std::size_t i = 0; i < jobs.size(); ++i) manifests.push_back(manifest_path(job_options(jobs[i], i + 1)));
  render::check_batch(jobs, manifests, {o.scene});
  for (std::string RenderOptions::*side : {&RenderOptions::report, &RenderOptions::latents_out}) {
    if ((o.*side).empty()) continue;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < jobs.size(); ++i)
      if (!seen.insert(job_options(jobs[i], i + 1).*side).second)
        fail_usage(std::string(side == &RenderOptions::report ? "--report" : "--latents-out") +
                   " names one file for several renders: use a template with {stem}, {mapping}, {model} or {n}");
  }
  std::optional<walk::Scene> scene;
  if (!o.scene.empty()) scene = walk::read_scene(o.scene);
  for (const auto& j : jobs) {
    auto traj = walk::read_trajectory(j.walk);
    if (traj.frames.size() < 2 || !(traj.duration() > 0))
      fail_input(j.walk, "the trajectory lasts 0 s (fewer than two frames): nothing to render");
    check_duration(j.walk, traj.duration(), o.max_duration);
    RenderOptions oj = o;
    oj.mapping = j.mapping;
    render::check_mapping(load_mapping(oj), cached_model(j.model).latent_size(), scene ? &*scene : nullptr);
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto oj = job_options(jobs[i], i + 1);
    if (!o.common.quiet && !o.common.json)
      std::cerr << "lw-render: [" << i + 1 << "/" << jobs.size() << "] " << jobs[i].walk << " -> " << jobs[i].output << "\n";
    run_walk(jobs[i].walk, oj);
  }
}

void run_audio(const std::string& in_path, const std::string& walk_path, RenderOptions& o) {
  const auto t_start = std::chrono::steady_clock::now();
  std::optional<walk::Trajectory> traj;
  if (!walk_path.empty()) {
    traj = walk::read_trajectory(walk_path);
    if (traj->frames.empty()) fail_input(walk_path, "the trajectory has no frames");
  }
  std::optional<walk::Scene> scene;
  if (!o.scene.empty()) scene = walk::read_scene(o.scene);
  auto mapping = load_mapping(o);
  render::check_block_spec({o.block, o.overlap});
  guard_outputs({in_path, walk_path, o.mapping, o.scene, o.model}, o);
  if (!o.report.empty() && in_path == "-")
    fail_usage("--report needs the input in a file (the page analyses it after the render), not -");
  auto m = load_model(o.model);
  if (!m.has_method("encode")) fail_input(m.name(), "the model has no 'encode' method, so it cannot take audio");
  render::check_mapping(mapping, m.latent_size(), scene ? &*scene : nullptr);
  if (traj) render::check_mapped_finite(mapping, m.latent_size(), *traj, scene ? &*scene : nullptr, walk_path);

  auto input = audio::read_all(in_path);
  if (input.sample_rate != m.sample_rate()) input = audio::resample(input, m.sample_rate(), in_path);
  if (input.frames() == 0) fail_input(in_path, "the audio file is empty");
  apply_runtime(o);
  std::int64_t frames = 0;
  auto latents = model::encode_blocks(m, input.samples.data(), input.frames(), input.channels, o.block, frames);
  const std::int64_t out_frames = input.frames();
  std::vector<double> az;
  if (traj) {
    // The walk's mapped values are added to the encoded latents as offsets.
    auto w = sample_walk(*traj, m.frame_rate(), frames, walk::parse_method(o.interpolation));
    auto offsets = render::map_walk(mapping, m.latent_size(), w, scene ? &*scene : nullptr);
    for (std::size_t i = 0; i < latents.size(); ++i) latents[i] += offsets[i];
    az = azimuths(w);
  }
  input.samples.clear();
  input.samples.shrink_to_fit();

  model::RenderJob job;
  job.latents = std::move(latents);
  job.frames = frames;
  job.azimuth = az;
  job.stereo = mapping.stereo;
  job.stereo_width = mapping.stereo_width;
  job.blocks = {o.block, o.overlap};
  job.out_frames = out_frames;
  job.runtime = decode_runtime(o);
  const auto [summary, wall] = render_with_progress(m, job, o, t_start);

  auto manifest = render::new_manifest(cli::version_string("lw-render"), "audio");
  manifest["input"] = render::file_entry(in_path);
  manifest["trajectory"] = walk_path.empty() ? json(nullptr) : render::file_entry(walk_path);
  manifest["scene"] = o.scene.empty() ? json(nullptr) : render::file_entry(o.scene);
  manifest["mapping"] = render::mapping_to_json(mapping);
  if (!o.mapping.empty()) manifest["mapping"]["sha256"] = render::file_entry(o.mapping)["sha256"];
  manifest["interpolation"] = o.interpolation;
  write_latents_out(o, job, m.latent_size(), manifest);
  if (!o.report.empty()) manifest["report"] = o.report;
  finish(o, m, manifest, summary, wall, frames);
  if (!o.report.empty()) {
    report::ReportInput r;
    r.title = o.output;
    r.audio_path = o.output;
    r.input_audio_path = in_path;
    if (traj) r.walk = *traj;
    r.scene = scene;
    r.latents = job.latents;
    r.latent = m.latent_size();
    r.frames = job.frames;
    r.latent_rate = m.frame_rate();
    r.note = "input " + in_path + ", model " + m.name();
    if (traj)
      r.note += ", walk " + walk_path + ", mapping " +
                mapping_label(o);
    r.note += ", seed " + std::to_string(o.seed);
    report::write_report(r, o.report);
  }
}

void run_prior(double duration, double temperature, RenderOptions& o) {
  const auto t_start = std::chrono::steady_clock::now();
  if (!(duration > 0) || duration > 24 * 3600) fail_usage("--duration must be > 0 and at most 24 hours");
  if (!(temperature >= 0) || !std::isfinite(temperature)) fail_usage("--temperature must be >= 0");
  render::check_block_spec({o.block, o.overlap});
  guard_outputs({o.model}, o);
  auto m = load_model(o.model);
  if (!m.has_method("prior"))
    fail_input(m.name(), "the model has no 'prior' method: unconditional generation is not available "
                         "(RAVE exports a prior only when trained with one)");
  const auto& p = m.params("prior");
  if (p.in_ratio != m.ratio())
    fail_input(m.name(), "prior_params in_ratio " + std::to_string(p.in_ratio) +
                             " differs from the decoder's ratio " + std::to_string(m.ratio()));
  const std::int64_t out_frames = std::llround(duration * m.sample_rate());
  const std::int64_t frames = (out_frames + m.ratio() - 1) / m.ratio();
  apply_runtime(o);
  auto temp = torch::full({1, p.in_channels, frames}, float(temperature));
  auto y = m.call("prior", temp);  // checked: [1, out_ch, frames * in_ratio / out_ratio]
  if (p.out_ratio != p.in_ratio || p.out_channels != m.latent_size())
    fail_input(m.name(), "prior_params [" + std::to_string(p.in_channels) + ", " + std::to_string(p.in_ratio) + ", " +
                             std::to_string(p.out_channels) + ", " + std::to_string(p.out_ratio) +
                             "] do not produce latents for decode (expected out_channels = latent size " +
                             std::to_string(m.latent_size()) + ", out_ratio = in_ratio)");
  model::RenderJob job;
  job.latents.assign(y.data_ptr<float>(), y.data_ptr<float>() + y.numel());
  job.frames = frames;
  job.stereo = o.stereo.empty() ? render::Stereo::None : render::parse_stereo(o.stereo);
  job.blocks = {o.block, o.overlap};
  job.out_frames = out_frames;
  job.runtime = decode_runtime(o);
  const auto [summary, wall] = render_with_progress(m, job, o, t_start);
  auto manifest = render::new_manifest(cli::version_string("lw-render"), "prior");
  manifest["temperature"] = temperature;
  manifest["duration"] = duration;
  write_latents_out(o, job, m.latent_size(), manifest);
  finish(o, m, manifest, summary, wall, frames);
}

// A latent trajectory made elsewhere (.npy or .csv), decoded at the model's
// latent frame rate: frames * ratio samples.
void run_latents(const std::string& z_path, bool frames_first, RenderOptions& o) {
  const auto t_start = std::chrono::steady_clock::now();
  auto z = render::read_latents(z_path, frames_first);
  render::check_block_spec({o.block, o.overlap});
  guard_outputs({z_path, o.model}, o);
  auto m = load_model(o.model);
  if (z.latent != m.latent_size())
    fail_input(z_path, "holds " + std::to_string(z.latent) + " latent dimensions (" +
                           (frames_first ? "[frames, latent]" : "[latent, frames]") + "), but " + m.name() +
                           " has latent size " + std::to_string(m.latent_size()) +
                           (z.frames == m.latent_size() && !frames_first ? " (is it [frames, latent]? then give --frames-first)" : ""));
  model::RenderJob job;
  job.latents = std::move(z.values);
  job.frames = z.frames;
  job.stereo = o.stereo.empty() ? render::Stereo::None : render::parse_stereo(o.stereo);
  job.blocks = {o.block, o.overlap};
  job.out_frames = z.frames * m.ratio();
  job.runtime = decode_runtime(o);
  apply_runtime(o);
  const auto [summary, wall] = render_with_progress(m, job, o, t_start);
  auto manifest = render::new_manifest(cli::version_string("lw-render"), "latents");
  manifest["latents"] = render::file_entry(z_path);
  manifest["latents"]["layout"] = frames_first ? "frames, latent" : "latent, frames";
  manifest["latents"]["frames"] = job.frames;
  write_latents_out(o, job, m.latent_size(), manifest);
  finish(o, m, manifest, summary, wall, job.frames);
}

void run_inspect(const std::string& spec, bool as_json) {
  auto m = load_model(spec);
  json methods = json::object();
  for (const auto& name : m.methods()) {
    const auto& p = m.params(name);
    methods[name] = {p.in_channels, p.in_ratio, p.out_channels, p.out_ratio};
  }
  json attrs = json::object();
  for (const auto& [k, v] : m.attributes()) attrs[k] = v;
  if (as_json) {
    json j{{"model", m.name()},
           {"sha256", m.sha256()},
           {"sample_rate", m.sample_rate()},
           {"sample_rate_from", m.sample_rate_source()},
           {"latent_size", m.latent_size()},
           {"channels", m.channels()},
           {"ratio", m.ratio()},
           {"latent_frame_rate", m.frame_rate()},
           {"streaming", m.streaming()},
           {"cached_paddings", m.cached_paddings()},
           {"delay_samples", m.delay()},
           {"delay_seconds", double(m.delay()) / m.sample_rate()},
           {"parallel_decode", m.parallel_decode()},
           {"decode", m.decode_note()},
           {"methods", methods},
           {"attributes", attrs}};
    std::cout << dump_json(j) << "\n";
    return;
  }
  std::cout << "model:             " << m.name() << "\n"
            << "sha256:            " << m.sha256() << "\n"
            << "sample rate:       " << m.sample_rate() << " Hz (from '" << m.sample_rate_source() << "')\n"
            << "latent size:       " << m.latent_size() << "\n"
            << "channels:          " << m.channels() << "\n"
            << "ratio:             " << m.ratio() << "\n"
            << "latent frame rate: " << format_fixed(m.frame_rate(), 4) << " Hz\n"
            << "streaming:         "
            << (m.streaming() ? "yes (stateful decode" +
                                    (m.cached_paddings() ? ", " + std::to_string(m.cached_paddings()) + " cached-padding buffer(s)"
                                                         : std::string()) +
                                    "): decoded in order without overlap"
                              : std::string("no")) << "\n"
            << "delay:             " << m.delay() << " samples (" << format_fixed(1000.0 * double(m.delay()) / m.sample_rate(), 2)
            << " ms)" << (m.streaming() ? ", measured at load and compensated" : "") << "\n"
            << "decode:            " << m.decode_note() << "\n"
            << "methods:           [in_channels, in_ratio, out_channels, out_ratio]\n";
  for (const auto& name : m.methods()) {
    const auto& p = m.params(name);
    std::cout << "  " << name << ": [" << p.in_channels << ", " << p.in_ratio << ", " << p.out_channels << ", "
              << p.out_ratio << "]\n";
  }
  if (!m.attributes().empty()) {
    std::cout << "attributes:\n";
    for (const auto& [k, v] : m.attributes()) std::cout << "  " << k << ": " << v << "\n";
  }
}

void run_export(const std::string& spec, const std::string& out) {
  if (!model::is_builtin_name(spec) && spec != "-") {  // builtin and stdin models are held in memory
    guard_overwrite({spec}, out);
    auto m = load_model(spec);  // validates
    write_file_atomically(out, read_file(spec, std::size_t(4) << 30));
    return;
  }
  auto m = load_model(spec);
  write_file_atomically(out, m.bytes());
}

}  // namespace

int main(int argc, char** argv) {
  model::set_threads(1);
  CLI::App app;
  cli::setup_app(app, "lw-render",
                 "Render soundwalks through a latent audio model (nn~/RAVE TorchScript export or built-in)");

  std::string in_path, walk_path, model_spec = "builtin:voices", export_out;
  RenderOptions walk_o, audio_o, prior_o;
  bool inspect_json = false;
  double duration = 0, temperature = 1;

  auto* walk = app.add_subcommand("walk", "render trajectories through models: resample, map, decode, pan, write");
  WalkBatch walk_batch;
  add_render_options(walk, walk_o, true);
  walk->add_option("--fit", walk_o.fit, "scale the x, y, z entries of the mapping so the box spans the latent range LO:HI");
  walk->add_option("--fit-box", walk_o.fit_box, "the box --fit maps: the walk's extent or the scene's")
      ->capture_default_str()
      ->check(CLI::IsMember({"walk", "scene"}));
  walk->add_option("--report", walk_o.report,
                   "also write a self-contained HTML page to review the render (player, map, latents, spectrogram); "
                   "with --like nn~ the walker is drawn at t - nn~'s delay, as heard");
  auto* like_opt = walk->add_option("--like", walk_o.like,
                   "render as nn~ in Max would have live (held inputs, one call per buffer, its delay: the manifest's "
                   "heard_delay_seconds)")
      ->check(CLI::IsMember({"nn~"}));
  walk->add_option("--buffer", walk_o.nn_buffer, "with --like nn~: nn~'s buffer size in samples (0 = no thread)")
      ->capture_default_str()
      ->needs(like_opt);
  walk->add_option("--vector", walk_o.nn_vector, "with --like nn~: Max's signal vector size")
      ->capture_default_str()
      ->needs(like_opt);
  walk->add_option("--outside-share", walk_o.outside_share,
                   "warn when more than this share of the walk maps beyond +-3")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  add_batch_options(walk, walk_batch, walk_o);
  walk->callback([&] { run_walk_batch(walk_batch, walk_o); });

  auto* aud = app.add_subcommand("audio", "encode audio, add a walk's mapped values to the latents, decode");
  aud->add_option("input", in_path, "input audio file")->required();
  aud->add_option("--walk", walk_path, "trajectory whose mapped values are added to the latents as offsets");
  add_render_options(aud, audio_o, true);
  aud->add_option("--report", audio_o.report,
                  "also write a self-contained HTML page to review the render (player, the input's loudness, pitch, "
                  "centroid and flatness, spectrograms of input and render, latents; the map with --walk or --scene)");
  aud->callback([&] { run_audio(in_path, walk_path, audio_o); });

  auto* pri = app.add_subcommand("prior", "unconditional generation with the model's prior, decoded");
  pri->add_option("--duration", duration, "seconds to generate")->required();
  pri->add_option("--temperature", temperature, "temperature fed to the prior")->capture_default_str();
  add_render_options(pri, prior_o, false);
  pri->callback([&] { run_prior(duration, temperature, prior_o); });

  std::string latents_path;
  bool frames_first = false;
  RenderOptions latents_o;
  auto* lat = app.add_subcommand("latents", "decode a latent trajectory given as .npy or .csv");
  lat->add_option("latents", latents_path, ".npy [latent, frames] (float32/float64) or .csv (one frame a line)")
      ->required();
  lat->add_flag("--frames-first", frames_first, "the .npy array is [frames, latent]");
  add_render_options(lat, latents_o, false);
  lat->callback([&] { run_latents(latents_path, frames_first, latents_o); });

  auto* ins = app.add_subcommand("inspect", "print a model's methods, params, sample rate, latent size, attributes");
  ins->add_option("model", model_spec, "model file or builtin:NAME")->required();
  ins->add_flag("--json", inspect_json, "print as JSON on stdout");
  cli::Common quiet_only;  // inspect and export print nothing on stderr: -q is accepted so scripts can pass it everywhere
  cli::add_quiet(*ins, quiet_only);
  ins->callback([&] { run_inspect(model_spec, inspect_json); });

  auto* exp = app.add_subcommand("export", "write a model (e.g. builtin:voices) to a TorchScript file");
  exp->add_option("model", model_spec, "builtin:NAME or a model file")->required();
  exp->add_option("-o,--output", export_out, "output .ts file (- = stdout)")->required();
  cli::add_quiet(*exp, quiet_only);
  exp->callback([&] { run_export(model_spec, export_out); });

  return cli::run(app, argc, argv);
}
