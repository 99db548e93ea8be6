// lw-walk: trajectories through a 3-D scene — convert, validate, inspect,
// resample, transform, join, generate, plot and record live streams.
#include <sys/stat.h>

#include <cmath>
#include <csignal>
#include <iostream>
#include <optional>

#include "core/atomic_file.hpp"
#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "audio/audio_file.hpp"
#include "core/numfmt.hpp"
#include "render/manifest.hpp"
#include "render/npy.hpp"
#include "report/report.hpp"
#include "walk/generate.hpp"
#include "walk/plot.hpp"
#include "net/endpoint.hpp"
#include "net/osc_sender.hpp"
#include "walk/record.hpp"
#include "walk/record_server.hpp"
#include "walk/resample.hpp"
#include "walk/scene_io.hpp"
#include "walk/stats.hpp"
#include "walk/trajectory_io.hpp"
#include "walk/transform.hpp"

using namespace lw;
using namespace lw::walk;

namespace {

const char* kTool = "lw-walk";

std::string replace_walker(std::string s, const std::string& walker) {
  for (std::size_t p = 0; (p = s.find("{walker}", p)) != std::string::npos; p += walker.size()) s.replace(p, 8, walker);
  return s;
}

// An output that is no file with a name to read a format from: stdout, or an
// existing device or pipe (/dev/null, /dev/stdout, a FIFO), written in place.
bool stream_output(const std::string& path) {
  struct stat st {};
  return path == "-" || (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode));
}

// Options shared by subcommands that write one trajectory.
struct Output {
  std::string path = "-";
  std::string to;
  bool in_place = false;
  bool offers_in_place = true;
  cli::Common common;

  void add(CLI::App& sub, bool in_place_flag = true) {
    offers_in_place = in_place_flag;
    sub.add_option("-o,--output", path, "output file; the format follows its extension (.json, .csv, .ndjson); - = stdout")
        ->capture_default_str();
    sub.add_option("--to", to, "output format json|csv|ndjson (default: from the extension; json on stdout, a device or a pipe)")
        ->check(CLI::IsMember({"json", "csv", "ndjson"}));
    if (in_place_flag) sub.add_flag("--in-place", in_place, "allow the output to be the input file");
    cli::add_quiet(sub, common);
    cli::add_json(sub, common, "print a summary of what was written as JSON on stdout (needs -o FILE)");
  }
  Format format() const {
    if (!to.empty()) return parse_format(to);
    if (auto ext = format_from_extension(path)) return *ext;
    if (stream_output(path)) return Format::Json;
    return format_from_path(path);
  }
  void check(const std::vector<std::string>& inputs) const {
    if (common.json && path == "-") fail_usage("--json prints on stdout; give -o FILE for the trajectory");
    if (to.empty()) format();  // fail before doing the work
    if (offers_in_place)
      guard_overwrite(inputs, path, in_place);
    else
      guard_overwrite(inputs, path);
  }
  void write(const Trajectory& t) const {
    write_trajectory(path, t, format());
    if (common.json) {
      json j = {{"output", path}, {"format", format_name(format())}, {"frames", t.frames.size()},
                {"duration", t.duration()}, {"rate_hz", t.rate_hz}};
      std::cout << j.dump() << "\n";
    } else if (!common.quiet && path != "-") {
      std::cerr << kTool << ": wrote " << t.frames.size() << " frames (" << format_fixed(t.duration(), 2)
                << " s) to " << path << "\n";
    }
  }
};

// Input reading options (`--rate` for input without time stamps).
struct Input {
  std::optional<double> rate;
  std::optional<std::string> walker;
  // `one_walk`: the command reads each input as one walk (--walker picks one
  // of a file with several; info and plot read them all).
  void add(CLI::App& sub, const std::string& name = "--rate", bool one_walk = true) {
    sub.add_option(name, rate,
                   "nominal rate (Hz) of the input; NDJSON/CSV frames without \"t\" are timed 1/HZ apart in "
                   "arrival order (an error without it)");
    if (one_walk)
      sub.add_option("--walker", walker,
                     "of a CSV/NDJSON file with a walker column (several walkers, as lw-walk record writes), read "
                     "only this walker");
  }
  ReadOptions options() const {
    ReadOptions o;
    o.rate_hz = rate;
    o.walker = walker;
    return o;
  }
};

std::optional<Scene> load_scene(const std::string& path) {
  if (path.empty()) return std::nullopt;
  return read_scene(path);
}

json vec_json(const Vec3& v) { return json::array({v[0], v[1], v[2]}); }

std::string v3(const Vec3& v, int d = 2) {
  return "(" + format_fixed(v[0], d) + ", " + format_fixed(v[1], d) + ", " + format_fixed(v[2], d) + ")";
}

// ---------------------------------------------------------------- convert

void add_convert(CLI::App& app) {
  auto* sub = app.add_subcommand("convert", "convert a trajectory between JSON, CSV and NDJSON (lossless)");
  static std::string in;
  static Output out;
  static Input input;
  sub->add_option("input", in, "input trajectory (- = stdin; a latentwalk.control file also reads as a walk)")->required();
  out.add(*sub);
  input.add(*sub);
  sub->callback([] {
    out.check({in});
    out.write(read_trajectory(in, input.options()));
  });
}

// ---------------------------------------------------------------- validate

void add_validate(CLI::App& app) {
  auto* sub = app.add_subcommand("validate", "check a trajectory; exit 0 when valid, 2 with one line per problem");
  static std::string in;
  static std::optional<double> max_gap;
  static bool strict = false;
  static cli::Common common;
  static Input input;
  sub->add_option("input", in, "trajectory to check (- = stdin)")->required();
  sub->add_option("--max-gap", max_gap, "report frame periods longer than SEC seconds (warnings, errors with --strict)");
  sub->add_flag("--strict", strict, "treat warnings (gaps) as problems");
  input.add(*sub);
  cli::add_quiet(*sub, common);
  cli::add_json(*sub, common, "print {valid, frames, duration, problems, warnings} as JSON on stdout");
  sub->callback([] {
    if (max_gap && !(std::isfinite(*max_gap) && *max_gap > 0)) fail_usage("--max-gap must be a finite number > 0");
    std::vector<std::string> problems, warnings;
    ReadOptions o = input.options();
    o.problems = &problems;
    Trajectory t;
    try {
      t = read_trajectory(in, o);
    } catch (const Error& e) {
      if (e.code() != Exit::BadInput) throw;
      problems.push_back(e.what());
    }
    if (max_gap) {
      for (std::size_t i = 1; i < t.frames.size(); ++i) {
        double dt = t.frames[i].t - t.frames[i - 1].t;
        if (dt > *max_gap)
          warnings.push_back(display_name(in) + ": frame " + std::to_string(i) + ": gap of " + format_fixed(dt, 3) +
                             " s (t=" + format_double(t.frames[i - 1].t) + " to " + format_double(t.frames[i].t) +
                             ") is longer than --max-gap " + format_double(*max_gap));
      }
    }
    bool valid = problems.empty() && (!strict || warnings.empty());
    if (common.json) {
      json j = {{"input", in}, {"valid", valid}, {"frames", t.frames.size()}, {"duration", t.duration()},
                {"problems", problems}, {"warnings", warnings}};
      std::cout << j.dump() << "\n";
    } else {
      for (const auto& p : problems) std::cout << p << "\n";
      for (const auto& w : warnings) std::cout << (strict ? "" : "warning: ") << w << "\n";
      if (!common.quiet) {
        if (valid)
          std::cout << display_name(in) << ": valid, " << t.frames.size() << " frames, " << format_fixed(t.duration(), 3)
                    << " s" << (warnings.empty() ? "" : ", " + std::to_string(warnings.size()) + " warning(s)") << "\n";
        else
          std::cout << display_name(in) << ": invalid, " << problems.size() + (strict ? warnings.size() : 0)
                    << " problem(s)\n";
      }
    }
    if (!valid) throw Error(Exit::BadInput, display_name(in) + " is not a valid trajectory");
  });
}

// ---------------------------------------------------------------- info

// The walks of the inputs: several files, or one file with a walker column.
std::vector<WalkerTrack> read_inputs(const std::vector<std::string>& ins, const ReadOptions& o,
                                     std::vector<std::string>* from = nullptr) {
  std::vector<WalkerTrack> all;
  for (const auto& in : ins)
    for (auto& w : read_walkers(in, o)) {
      all.push_back(std::move(w));
      if (from) from->push_back(in);
    }
  return all;
}

json info_json(const std::string& in, const Trajectory& t, const WalkStats& s, const std::optional<Scene>& scene) {
  json j = {{"input", in},
            {"frames", s.frames},
            {"start", s.start},
            {"end", s.end},
            {"duration", s.duration},
            {"nominal_rate_hz", s.nominal_rate},
            {"effective_rate_hz", s.effective_rate},
            {"mean_period", s.mean_period},
            {"period_jitter", s.period_jitter},
            {"min_period", s.min_period},
            {"max_period", s.max_period},
            {"bbox", {{"min", vec_json(s.min)}, {"max", vec_json(s.max)}}},
            {"path_length", s.path_length},
            {"mean_speed", s.mean_speed},
            {"max_speed", s.max_speed},
            {"total_turn_deg", s.total_turn},
            {"pauses", s.pauses},
            {"pause_time", s.pause_time}};
  if (!t.source.empty()) j["source"] = t.source;
  if (scene) {
    json ls = json::array();
    for (const auto& l : s.landmarks)
      ls.push_back({{"name", l.name}, {"time_inside", l.time_inside}, {"nearest", l.nearest}, {"nearest_t", l.nearest_t}});
    j["landmarks"] = ls;
  }
  return j;
}

void print_info(const std::string& title, const Trajectory& t, const WalkStats& s) {
  std::cout << title << "\n";
  if (!t.source.empty()) std::cout << "  source         " << t.source << "\n";
  std::cout << "  frames         " << s.frames << "\n"
            << "  time           " << format_fixed(s.start, 3) << " .. " << format_fixed(s.end, 3) << " s ("
            << format_fixed(s.duration, 3) << " s)\n"
            << "  rate           " << format_fixed(s.effective_rate, 3) << " Hz effective, "
            << format_double(s.nominal_rate) << " Hz nominal\n"
            << "  frame period   mean " << format_fixed(s.mean_period * 1000, 2) << " ms, jitter (sd) "
            << format_fixed(s.period_jitter * 1000, 2) << " ms, min " << format_fixed(s.min_period * 1000, 2)
            << " ms, max " << format_fixed(s.max_period * 1000, 2) << " ms\n"
            << "  bounding box   " << v3(s.min) << " .. " << v3(s.max) << "\n"
            << "  path length    " << format_fixed(s.path_length, 3) << "\n"
            << "  speed          mean " << format_fixed(s.mean_speed, 3) << ", max " << format_fixed(s.max_speed, 3)
            << " units/s\n"
            << "  azimuth turned " << format_fixed(s.total_turn, 1) << " degrees\n"
            << "  pauses         " << s.pauses << " (" << format_fixed(s.pause_time, 2)
            << " s standing still: slower than " << format_double(WalkStats::kPauseSpeed) << " units/s for "
            << format_double(WalkStats::kPauseMin) << " s or more)\n";
  for (const auto& l : s.landmarks)
    std::cout << "  landmark " << l.name << ": inside " << format_fixed(l.time_inside, 2) << " s, nearest "
              << format_fixed(l.nearest, 3) << " at t=" << format_fixed(l.nearest_t, 2) << " s\n";
}

void add_info(CLI::App& app) {
  auto* sub = app.add_subcommand("info", "frames, duration, rate and jitter, extent, length, speed, turning; landmark visits; several walkers");
  static std::vector<std::string> ins;
  static std::string scene_path;
  static cli::Common common;
  static Input input;
  sub->add_option("inputs", ins, "trajectories (- = stdin); several files, or a file with a walker column, are several walkers")
      ->required();
  sub->add_option("--scene", scene_path, "scene YAML: also report time inside and nearest approach to each landmark");
  input.add(*sub, "--rate", false);
  cli::add_json(*sub, common, "print the figures as JSON on stdout");
  cli::add_quiet(*sub, common);  // prints nothing on stderr: accepted so that scripts can pass -q everywhere
  sub->callback([] {
    auto scene = load_scene(scene_path);
    std::vector<std::string> from;
    auto walkers = read_inputs(ins, input.options(), &from);
    if (walkers.size() == 1) {
      // One walk: the figures as they always were.
      const Trajectory& t = walkers[0].traj;
      WalkStats s = summarize(t, scene ? &*scene : nullptr);
      if (common.json)
        std::cout << info_json(from[0], t, s, scene).dump(1) << "\n";
      else
        print_info(display_name(from[0]), t, s);
      return;
    }
    json all = json::array();
    for (std::size_t i = 0; i < walkers.size(); ++i) {
      const Trajectory& t = walkers[i].traj;
      WalkStats s = summarize(t, scene ? &*scene : nullptr);
      if (common.json) {
        json j = info_json(from[i], t, s, scene);
        j["walker"] = walkers[i].name;
        all.push_back(j);
      } else {
        if (i) std::cout << "\n";
        print_info("walker " + walkers[i].name + " (" + display_name(from[i]) + ")", t, s);
      }
    }
    if (common.json) std::cout << json{{"walkers", all}}.dump(1) << "\n";
  });
}

// ---------------------------------------------------------------- resample

void add_resample(CLI::App& app) {
  auto* sub = app.add_subcommand("resample", "uniform frames at a new rate from the first to the last time stamp");
  static std::string in, method = "linear";
  static double rate = 0;
  static Output out;
  static Input input;
  sub->add_option("input", in, "trajectory (- = stdin)")->required();
  sub->add_option("--rate", rate, "output rate in Hz (e.g. 23.4375 = 48000/2048, a latent model's frame rate)")->required();
  sub->add_option("--method", method, "interpolation: linear, or cubic (Catmull-Rom on positions); azimuth is always unwrapped and linear")
      ->check(CLI::IsMember({"linear", "cubic"}))
      ->capture_default_str();
  input.add(*sub, "--input-rate");
  out.add(*sub);
  sub->callback([] {
    out.check({in});
    out.write(resample(read_trajectory(in, input.options()), rate, parse_method(method)));
  });
}

// ---------------------------------------------------------------- transform

void add_transform(CLI::App& app) {
  auto* sub = app.add_subcommand("transform", "trim, retime, scale, rotate and translate a walk");
  static std::string in, translate, trim;
  static TransformOptions opt;
  static Output out;
  static Input input;
  sub->add_option("input", in, "trajectory (- = stdin)")->required();
  sub->add_option("--trim", trim, "keep frames with FROM <= t <= TO seconds (FROM:TO, either may be left out: 5: or :30)");
  sub->add_option("--time-scale", opt.time_scale, "multiply times by K (2 = half as fast); the nominal rate is divided by K")
      ->capture_default_str();
  sub->add_flag("--start-at-zero", opt.start_at_zero, "shift times so the first kept frame is at t = 0");
  sub->add_option("--scale", opt.scale, "multiply positions by S about the origin")->capture_default_str();
  sub->add_option("--rotate", opt.rotate_deg, "rotate by DEG degrees about the vertical axis through the origin, clockwise seen from above (azimuth turns too)")
      ->capture_default_str();
  sub->add_option("--translate", translate, "add X,Y,Z to positions (applied last)");
  input.add(*sub);
  out.add(*sub);
  sub->callback([] {
    out.check({in});
    if (!translate.empty()) {
      auto v = cli::parse_numbers(translate, "--translate", 3);
      opt.translate = {v[0], v[1], v[2]};
    }
    if (!trim.empty()) {
      auto colon = trim.find(':');
      if (colon == std::string::npos) fail_usage("--trim: expected FROM:TO, got '" + trim + "'");
      std::string a = trim.substr(0, colon), b = trim.substr(colon + 1);
      double v;
      if (!a.empty()) {
        if (!parse_double(a, v) || !std::isfinite(v)) fail_usage("--trim: FROM '" + a + "' is not a number");
        opt.trim_from = v;
      }
      if (!b.empty()) {
        if (!parse_double(b, v) || !std::isfinite(v)) fail_usage("--trim: TO '" + b + "' is not a number");
        opt.trim_to = v;
      }
    }
    out.write(transform(read_trajectory(in, input.options()), opt));
  });
}

// ---------------------------------------------------------------- concat

void add_concat(CLI::App& app) {
  auto* sub = app.add_subcommand("concat", "join walks; each is shifted in time to follow the one before");
  static std::vector<std::string> ins;
  static Output out;
  static Input input;
  sub->add_option("inputs", ins, "trajectories, in order (at most one may be -)")->required();
  out.add(*sub, false);
  input.add(*sub);
  sub->callback([] {
    out.check(ins);
    std::vector<Trajectory> walks;
    for (const auto& p : ins) walks.push_back(read_trajectory(p, input.options()));
    out.write(concat(walks));
  });
}

// ---------------------------------------------------------------- generate

void add_generate(CLI::App& app) {
  auto* sub = app.add_subcommand("generate", "synthetic walks: random, orbit, line, spiral, visit");
  static std::string kind, scene_path, face = "forward", start, end, order;
  static GenerateOptions g;
  static Output out;
  sub->add_option("kind", kind, "random | orbit | line | spiral | visit")
      ->required()
      ->check(CLI::IsMember({"random", "orbit", "line", "spiral", "visit"}));
  sub->add_option("--scene", scene_path, "scene YAML: landmarks to orbit or visit, bounds to stay in");
  sub->add_option("--duration", g.duration, "length of the walk in seconds")->capture_default_str();
  sub->add_option("--rate", g.rate_hz, "frame rate in Hz")->capture_default_str();
  sub->add_option("--seed", g.seed, "seed for every random choice (same seed, same bytes)")->capture_default_str();
  sub->add_option("--height", g.height, "eye height y of the walker")->capture_default_str();
  sub->add_option("--face", face, "where the walker looks: forward (where it goes), landmark (the orbited/visited landmark), or a fixed azimuth in degrees")
      ->capture_default_str();
  sub->add_option("--speed", g.speed, "walking speed in units/s (random: mean; orbit, spiral: along the path)")
      ->capture_default_str();
  sub->add_option("--turn-rate", g.turn_rate, "random: how much the walker turns: standard deviation of its turning rate, degrees per second")->capture_default_str();
  sub->add_option("--pause-rate", g.pause_rate, "random: pauses started per second of walking")->capture_default_str();
  sub->add_option("--pause-duration", g.pause_duration, "random: mean pause length in seconds")->capture_default_str();
  sub->add_option("--landmark", g.landmark, "orbit, spiral: landmark at the centre (default: the scene's first; the origin without a scene)");
  sub->add_option("--radius", g.radius, "orbit: radius (default: landmark radius + 3); spiral: outer radius (default: landmark radius + 10)");
  sub->add_option("--inner-radius", g.inner_radius, "spiral: end radius (kept 0.5 outside the landmark)")->capture_default_str();
  sub->add_option("--turns", g.turns, "spiral: number of turns")->capture_default_str();
  sub->add_flag("--counter-clockwise", g.counter_clockwise, "orbit, spiral: go round counter-clockwise seen from above");
  sub->add_option("--start", start, "line: start point X,Y,Z (default: one side of the scene at eye height)");
  sub->add_option("--end", end, "line: end point X,Y,Z (default: the other side)");
  sub->add_option("--order", order, "visit: landmark names A,B,C in visiting order (default: all, in a seeded random order)");
  sub->add_option("--slow-speed", g.slow_speed, "visit: speed next to a landmark (units/s)")->capture_default_str();
  sub->add_option("--fast-speed", g.fast_speed, "visit: speed far from every landmark (units/s)")->capture_default_str();
  sub->add_option("--falloff", g.falloff, "visit: distance from a landmark's surface over which speed rises from slow to fast")
      ->capture_default_str();
  sub->add_option("--approach", g.approach, "visit: stop this far in front of a landmark's footprint")->capture_default_str();
  sub->add_option("--dwell", g.dwell, "visit: seconds spent at each landmark, facing it")->capture_default_str();
  out.add(*sub, false);
  sub->callback([] {
    out.check({});
    auto scene = load_scene(scene_path);
    g.facing = parse_facing(face);
    if (!start.empty()) {
      auto v = cli::parse_numbers(start, "--start", 3);
      g.from = Vec3{v[0], v[1], v[2]};
    }
    if (!end.empty()) {
      auto v = cli::parse_numbers(end, "--end", 3);
      g.to = Vec3{v[0], v[1], v[2]};
    }
    if (!order.empty()) {
      std::size_t pos = 0;
      for (;;) {
        auto c = order.find(',', pos);
        g.order.push_back(order.substr(pos, c == std::string::npos ? std::string::npos : c - pos));
        if (c == std::string::npos) break;
        pos = c + 1;
      }
    }
    Trajectory t = generate(parse_walk_kind(kind), g, scene ? &*scene : nullptr);
    t.source = "lw-walk generate " + kind + " --seed " + std::to_string(g.seed) +
               (scene_path.empty() ? "" : " --scene " + scene_path);
    out.write(t);
  });
}

// ---------------------------------------------------------------- plot

void add_plot(CLI::App& app) {
  auto* sub = app.add_subcommand("plot", "draw walks as SVG: top view, height and speed against time, landmarks to scale; several walkers in one picture");
  static std::vector<std::string> ins;
  static std::string scene_path, out_path = "-", title;
  static Input input;
  static cli::Common common;
  sub->add_option("inputs", ins, "trajectories (- = stdin); several files, or a file with a walker column, are drawn together")
      ->required();
  sub->add_option("--scene", scene_path, "scene YAML: draw its landmarks and bounds");
  sub->add_option("-o,--output", out_path, "SVG file (- = stdout)")->capture_default_str();
  sub->add_option("--title", title, "title above the plot (default: the input file name)");
  input.add(*sub, "--rate", false);
  cli::add_quiet(*sub, common);
  sub->callback([] {
    std::vector<std::string> given = ins;
    given.push_back(scene_path);
    guard_overwrite(given, out_path);
    auto scene = load_scene(scene_path);
    auto walkers = read_inputs(ins, input.options());
    std::vector<NamedWalk> walks;
    for (const auto& w : walkers) walks.push_back({w.name, &w.traj});
    PlotOptions po;
    po.title = !title.empty() ? title : ins.size() == 1 ? display_name(ins[0]) : std::to_string(walks.size()) + " walkers";
    write_file_atomically(out_path, plot_svg(walks, scene ? &*scene : nullptr, po));
    if (!common.quiet && out_path != "-") std::cerr << kTool << ": wrote " << out_path << "\n";
  });
}

// ---------------------------------------------------------------- scene-json

void add_scene_json(CLI::App& app) {
  auto* sub = app.add_subcommand("scene-json", "a scene YAML as JSON, for the browser page (recipes/browser/walk.html)");
  static std::string in, out_path = "-";
  static cli::Common common;
  sub->add_option("scene", in, "scene YAML")->required();
  sub->add_option("-o,--output", out_path, "JSON file (- = stdout)")->capture_default_str();
  cli::add_quiet(*sub, common);
  sub->callback([] {
    guard_overwrite({in}, out_path);
    Scene sc = read_scene(in);
    json ls = json::array();
    for (const auto& l : sc.landmarks) {
      json j = {{"name", l.name}, {"centre", vec_json(l.centre)}, {"radii", vec_json(l.radii)}};
      if (!l.colour.empty()) j["colour"] = l.colour;
      ls.push_back(j);
    }
    json j = {{"format", "latentwalk.scene"}, {"version", 1}, {"name", sc.name}, {"landmarks", ls}};
    if (sc.bounds) j["bounds"] = {{"min", vec_json(sc.bounds->min)}, {"max", vec_json(sc.bounds->max)}};
    write_file_atomically(out_path, j.dump(1) + "\n");
    if (!common.quiet && out_path != "-") std::cerr << kTool << ": wrote " << out_path << "\n";
  });
}

// ---------------------------------------------------------------- record

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop.store(true); }

const char* stop_name(StopReason r) {
  switch (r) {
    case StopReason::Signal: return "stopped by signal";
    case StopReason::Duration: return "duration reached";
    case StopReason::Idle: return "all walkers gone (--until-idle)";
    default: return "end of input";
  }
}

void add_record(CLI::App& app) {
  auto* sub = app.add_subcommand(
      "record",
      "record live walks: a WebSocket server (--listen) or NDJSON lines on stdin, several walkers, OSC forward, a "
      "journal that survives a crash (--recover)");
  static Output out;
  static std::string input, listen, osc, osc_address = "/walk/{walker}", journal, recover;
  static std::optional<double> rate;
  static double duration = 0, until_idle = 0;
  static std::size_t max_walkers = 16, max_message = 1u << 20;
  static bool sync = false;
  sub->add_option("input", input, "- = read NDJSON/CSV messages from stdin (the default without --listen)");
  sub->add_option("--listen", listen, "be a WebSocket server on HOST:PORT (HOST defaults to 127.0.0.1; PORT 0 = any free port)");
  sub->add_option("--rate", rate, "nominal rate in Hz written to the files (default: estimated per walker from the times)");
  sub->add_option("--duration", duration, "stop after SEC seconds (0 = until end of input or a signal)")->capture_default_str();
  sub->add_option("--until-idle", until_idle, "stop when every walker is gone and no frame came for SEC seconds (0 = never)")
      ->capture_default_str();
  sub->add_option("--max-walkers", max_walkers, "at most N walkers (and, with --listen, N connections at once)")->capture_default_str();
  sub->add_option("--max-message", max_message, "longest WebSocket message in bytes; a longer one closes its connection")
      ->capture_default_str();
  sub->add_option("--osc", osc, "forward every accepted frame as an OSC message to HOST:PORT (UDP)");
  sub->add_option("--osc-address", osc_address, "OSC address of the forwarded messages; {walker} is the walker's name")
      ->capture_default_str();
  sub->add_option("--journal", journal, "journal file (default OUT.journal; none for stdout)");
  sub->add_flag("--sync", sync, "fsync the journal after every frame (survives a power cut, costs a disk write per frame)");
  sub->add_option("--recover", recover, "write the walks of a JOURNAL left by a killed recording, then stop");
  out.add(*sub, false);
  sub->callback([] {
    out.check({});
    bool quiet = out.common.quiet;
    OutputPlan plan{out.path, out.to.empty() ? std::nullopt : std::optional<Format>(parse_format(out.to))};
    check_output_plan(plan);
    WarnThrottle throttle([quiet](const std::string& w) {
      if (!quiet) std::cerr << kTool << ": warning: " << w << "\n";
    });
    auto summary = [&](const std::vector<WalkerTrack>& walkers, const std::vector<std::string>& written,
                       const RecordCounts* counts, const std::string& how) {
      if (out.common.json) {
        json ws = json::array();
        for (const auto& w : walkers)
          ws.push_back({{"name", w.name}, {"frames", w.traj.frames.size()}, {"duration", w.traj.duration()},
                        {"rate_hz", w.traj.rate_hz}, {"dropped_backwards", w.dropped_backwards}});
        json j = {{"outputs", written}, {"walkers", ws}, {"stop", how}};
        if (counts)
          j.update({{"messages", counts->messages}, {"frames", counts->frames}, {"skipped", counts->bad},
                    {"dropped_backwards", counts->backwards}, {"refused", counts->refused}});
        std::cout << j.dump() << "\n";
      }
      if (quiet) return;
      std::size_t frames = 0;
      std::string per;
      for (const auto& w : walkers) {
        frames += w.traj.frames.size();
        per += (per.empty() ? "" : ", ") + w.name + " " + std::to_string(w.traj.frames.size());
      }
      std::cerr << kTool << ": " << how << ": " << walkers.size() << " walker(s), " << frames << " frames (" << per << ")";
      if (counts)
        std::cerr << "; " << counts->bad << " message(s) skipped, " << counts->backwards
                  << " frame(s) dropped (t went backwards)" << (counts->refused ? ", " + std::to_string(counts->refused) + " refused (--max-walkers)" : "");
      std::cerr << "\n";
      for (const auto& p : written) std::cerr << kTool << ": wrote " << p << "\n";
    };

    if (!recover.empty()) {
      if (!listen.empty() || !input.empty()) fail_usage("--recover reads a journal; it does not record (no --listen, no input)");
      guard_overwrite({recover}, out.path);
      Recovered r = read_journal(recover);
      if (rate) for (auto& w : r.walkers) w.traj.rate_hz = *rate;
      if (r.lines == 0) fail_input(recover, "holds no frames; nothing written");
      auto written = write_recording(plan, r.walkers, "lw-walk record (recovered from " + recover + ")");
      if (r.torn_tail && !quiet) std::cerr << kTool << ": note: the journal's last line was cut off (the frame being written); left out\n";
      summary(r.walkers, written, nullptr, "recovered");
      return;
    }
    if (!input.empty() && input != "-") fail_usage("record reads stdin ('-') or a WebSocket (--listen); got '" + input + "'");
    if (!listen.empty() && input == "-") fail_usage("give either - (stdin) or --listen, not both");

    RecorderOptions ro;
    ro.rate_hz = rate;
    ro.max_walkers = max_walkers;
    ro.sync = sync;
    ro.journal = journal.empty() ? default_journal_path(plan) : journal;
    if (!ro.journal.empty()) guard_overwrite({ro.journal}, out.path);
    std::optional<net::OscSender> osc_out;
    if (!osc.empty()) {
      if (!net::valid_osc_address(replace_walker(osc_address, "w")))
        fail_usage("--osc-address: '" + osc_address + "' is not an OSC address (/a/b, printable, no spaces or #*,?[]{})");
      osc_out.emplace(net::parse_endpoint(osc, "--osc", "127.0.0.1", false));
      ro.forward = [&osc_out](const std::string& walker, const Frame& f) {
        osc_out->send(replace_walker(osc_address, walker),
                      {static_cast<float>(f.x), static_cast<float>(f.y), static_cast<float>(f.z),
                       static_cast<float>(f.azimuth)});
      };
    }
    std::optional<net::Endpoint> where;
    if (!listen.empty()) where = net::parse_endpoint(listen, "--listen", "127.0.0.1", true);
    if (max_walkers < 1) fail_usage("--max-walkers must be at least 1");

    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: poll() returns at once
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    // A progress bar toward --duration (stderr, only on a terminal).
    std::optional<cli::Progress> bar;
    Recorder* recp = nullptr;
    std::function<void(double)> tick;
    if (duration > 0) {
      bar.emplace("recording", static_cast<std::uint64_t>(duration * 1000), quiet);
      tick = [&bar, &recp](double secs) {
        bar->update(static_cast<std::uint64_t>(std::min(secs, duration) * 1000),
                    std::to_string(recp ? recp->counts().frames : 0) + " frames");
      };
    }
    std::function<void(const std::string&)> warn = [&throttle](const std::string& w) { throttle(w); };
    Recorder rec(ro, warn);
    recp = &rec;
    StopReason why;
    try {
      if (where) {
        ServeOptions so;
        so.listen = *where;
        so.max_message = max_message;
        so.max_connections = max_walkers;
        so.duration = duration;
        so.until_idle = until_idle;
        so.stop = &g_stop;
        so.tick = tick;
        so.listening = [&](unsigned port) {
          if (!quiet)
            std::cerr << kTool << ": listening on ws://" << net::Endpoint{where->host, static_cast<std::uint16_t>(port)}.str()
                      << (ro.journal.empty() ? "" : " (journal " + ro.journal + ")") << std::endl;
        };
        so.note = [quiet](const std::string& n) {
          if (!quiet) std::cerr << kTool << ": " << n << "\n";
        };
        why = serve_recording(so, rec);
      } else {
        why = record_lines(0, "-", rec, duration, until_idle, &g_stop, tick);
      }
    } catch (...) {
      // Nothing was recorded yet when the server could not start: no journal to keep.
      if (rec.counts().frames == 0) rec.remove_journal();
      throw;
    }
    if (bar) bar->finish();
    throttle.flush();
    // From here on, Ctrl-C interrupts the write (the journal stays: nothing is lost).
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    rec.finish();
    if (rec.counts().frames == 0) {
      rec.remove_journal();
      fail_input(where ? where->str() : "-",
                 "no frames recorded (" + std::to_string(rec.counts().messages) + " message(s), " +
                     std::to_string(rec.counts().bad) + " skipped); nothing written");
    }
    auto written = write_recording(plan, rec.walkers(), "lw-walk record");
    rec.remove_journal();
    summary(rec.walkers(), written, &rec.counts(), stop_name(why));
  });
}

// report: the review page of a render (lib/report), from the walk, the
// rendered audio, optionally the scene and the decoded latents.
void add_report(CLI::App& app) {
  auto* sub = app.add_subcommand("report", "write a self-contained HTML page to review a render of a walk");
  static std::string in, audio_path, scene_path, latents_path, out_path, title;
  static double latent_rate = 0;
  static std::optional<double> delay;
  static cli::Common common;
  sub->add_option("input", in, "the trajectory that was rendered")->required();
  sub->add_option("--audio", audio_path, "the rendered audio file")->required();
  sub->add_option("--scene", scene_path, "scene YAML: draw its landmarks");
  sub->add_option("--latents", latents_path, "the decoded latents (.npy [latent, frames], e.g. lw-render --latents-out)");
  sub->add_option("--latent-rate", latent_rate,
                  "latent frames per second (default: from the render's manifest, else frames / duration)");
  sub->add_option("--delay", delay,
                  "seconds the walk is heard late in the audio (default: heard_delay_seconds from the render's "
                  "manifest, e.g. nn~'s buffer delay; else 0): the walker is drawn at t - delay")
      ->check(CLI::Range(0.0, 3600.0));
  sub->add_option("-o,--output", out_path, "HTML file")->required();
  sub->add_option("--title", title, "page title (default: the audio file name)");
  cli::add_quiet(*sub, common);
  sub->callback([] {
    if (out_path == "-") fail_usage("report writes a file (the page may reference the audio beside it); '-' is not accepted");
    guard_overwrite({in, audio_path, scene_path, latents_path}, out_path);
    report::ReportInput r;
    r.walk = read_trajectory(in);
    if (!scene_path.empty()) r.scene = read_scene(scene_path);
    r.audio_path = audio_path;
    r.title = title.empty() ? audio_path : title;
    // The render's manifest (beside the audio, when lw-render wrote one)
    // knows the model's frame rate and how late the walk is heard.
    json manifest;
    try {
      manifest = json::parse(read_file(render::default_manifest_path(audio_path), 64u << 20));
    } catch (const std::exception&) {
      manifest = nullptr;
    }
    if (delay) {
      // CLI11's range check lets NaN through (it compares false both ways)
      if (!std::isfinite(*delay)) fail_usage("--delay must be a number of seconds in [0, 3600], not " + format_double(*delay));
      r.delay_seconds = *delay;
      r.delay_reason = "given with --delay";
    } else if (manifest.is_object() && manifest.contains("heard_delay_seconds") &&
               manifest["heard_delay_seconds"].is_number()) {
      r.delay_seconds = manifest["heard_delay_seconds"].get<double>();
      if (!std::isfinite(r.delay_seconds) || r.delay_seconds < 0)
        fail_input(render::default_manifest_path(audio_path), "heard_delay_seconds must be a number >= 0");
      const bool nn = manifest.contains("like") && manifest["like"].is_object();
      r.delay_reason = nn ? "nn~ buffer delay, from the render's manifest" : "from the render's manifest";
    }
    if (!latents_path.empty()) {
      auto z = render::read_latents(latents_path, false);
      r.latent = z.latent;
      r.frames = z.frames;
      r.latents = std::move(z.values);
      r.latent_rate = latent_rate;
      if (!(r.latent_rate > 0)) {
        try {
          r.latent_rate =
              manifest.at("model").at("sample_rate").get<double>() / manifest.at("model").at("ratio").get<double>();
        } catch (const std::exception&) {
          r.latent_rate = 0;
        }
      }
      if (!(r.latent_rate > 0)) {
        audio::Reader probe(audio_path);
        r.latent_rate = double(r.frames) / probe.info().duration();
      }
    }
    r.note = "walk " + in + (scene_path.empty() ? "" : ", scene " + scene_path) +
             (latents_path.empty() ? "" : ", latents " + latents_path);
    report::write_report(r, out_path);
    if (!common.quiet) std::cerr << kTool << ": wrote " << out_path << "\n";
  });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  cli::setup_app(app, kTool,
                 "Trajectories through a 3-D scene (y is height; azimuth in degrees, 0 = facing +z, clockwise seen "
                 "from above). See lw-walk(1) and latentwalk(7).");
  add_convert(app);
  add_validate(app);
  add_info(app);
  add_resample(app);
  add_transform(app);
  add_concat(app);
  add_generate(app);
  add_plot(app);
  add_scene_json(app);
  add_record(app);
  add_report(app);
  return cli::run(app, argc, argv);
}
