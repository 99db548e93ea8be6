// lw-features: audio -> frame-wise features (the explorer's ten inputs and
// more), statistics, pitch and onsets, plots, and audio regression diffs.
// Parses arguments, calls lib/features, writes and reports.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <map>

#include "core/atomic_file.hpp"
#include "core/cli.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "core/numfmt.hpp"
#include "features/audio_diff.hpp"
#include "features/audio_diff_dir.hpp"
#include "features/extract.hpp"
#include "features/plot.hpp"
#include "features/preset_lse.hpp"

namespace lf = lw::features;

namespace {

bool is_table_path(const std::string& p) {
  auto ends = [&](const std::string& s) {
    if (p.size() < s.size()) return false;
    std::string tail = p.substr(p.size() - s.size());
    std::transform(tail.begin(), tail.end(), tail.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return tail == s;
  };
  return ends(".json") || ends(".csv");
}

std::vector<std::string> split_names(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s + ",") {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  return out;
}

// Option groups, declared once with defaults from lf::Params.
void add_framing(CLI::App* s, lf::Params& p, bool channel = true) {
  s->add_option("--window", p.window, "analysis window in samples (periodic Hann)")->capture_default_str();
  s->add_option("--hop", p.hop, "hop between frame centres in samples")->capture_default_str();
  s->add_option("--fft", p.fft, "FFT size in samples (>= window, zero padded)")->capture_default_str();
  if (channel)
    s->add_option("--channel", p.channel, "analyse this channel (0-based) instead of the mono mix (-1)")
        ->capture_default_str();
}
void add_shape(CLI::App* s, lf::Params& p, std::string& unit) {
  s->add_flag("--power", p.power, "spectral shape over the power spectrum instead of the magnitude");
  s->add_option("--unit", unit, "frequency unit of centroid, spread, rolloff and pitch: hz or midi")
      ->capture_default_str();
  s->add_option("--min-freq", p.min_freq, "spectral shape: lowest frequency in Hz")->capture_default_str();
  s->add_option("--max-freq", p.max_freq, "spectral shape: highest frequency in Hz (0 = Nyquist)")
      ->capture_default_str();
  s->add_option("--rolloff", p.rolloff, "rolloff percentage of the spectral energy")->capture_default_str();
  s->add_flag("--kweight", p.kweight, "loudness: K-weighted (ITU-R BS.1770, LUFS) instead of RMS dBFS");
}
void add_pitch(CLI::App* s, lf::Params& p, bool named_plain) {
  const std::string pre = named_plain ? "--" : "--pitch-";
  s->add_option(pre + "min-freq", p.pitch_min_freq, "pitch: lowest frequency searched, Hz")->capture_default_str();
  s->add_option(pre + "max-freq", p.pitch_max_freq, "pitch: highest frequency searched, Hz")->capture_default_str();
}
void add_contextual(CLI::App* s, lf::Params& p) {
  s->add_option("--min-confidence", p.min_confidence, "notes: pitch confidence a frame needs")
      ->capture_default_str();
  s->add_option("--note-attack", p.note_attack, "notes: seconds after a note's start left out of its pitch")
      ->capture_default_str();
  s->add_option("--ambitus-notes", p.ambitus_notes, "ambitus: range of the pitches of the last N notes")
      ->capture_default_str();
  s->add_option("--density-notes", p.density_notes, "density: note rate over the last N notes")
      ->capture_default_str();
}
void add_onset(CLI::App* s, lf::Params& p) {
  s->add_option("--threshold", p.onset_threshold, "onsets: novelty above its running median")
      ->capture_default_str();
  s->add_option("--min-gap", p.onset_min_gap, "onsets: minimum time between onsets, seconds")
      ->capture_default_str();
  s->add_option("--median-window", p.median_window, "onsets: running median window, seconds")
      ->capture_default_str();
}
void apply_unit(lf::Params& p, const std::string& unit) {
  if (unit == "hz" || unit == "Hz") p.midi_unit = false;
  else if (unit == "midi" || unit == "MIDI") p.midi_unit = true;
  else lw::fail_usage("--unit must be hz or midi (got '" + unit + "')");
}

std::vector<std::string> choose(const std::string& select, bool all) {
  if (!select.empty() && all) lw::fail_usage("give --select or --all, not both");
  if (all) return lf::all_features();
  if (select.empty()) return lf::explorer_features();
  return split_names(select);
}

// Table from audio (extracting) or from a features file.
lf::Table load(const std::string& in, const lf::Params& p, const std::vector<std::string>& names, bool quiet) {
  if (is_table_path(in)) {
    lf::Table t = lf::read_table(in);
    if (names.empty()) return t;
    lf::Table s = t;
    s.names.clear();
    s.units.clear();
    s.values.clear();
    std::vector<int> cols;
    for (const auto& n : names) {
      const int c = t.column(n);
      if (c < 0) lw::fail_input(in, "has no feature '" + n + "'");
      cols.push_back(c);
      s.names.push_back(n);
      s.units.push_back(t.units[std::size_t(c)]);
    }
    for (std::size_t i = 0; i < t.frames(); ++i)
      for (int c : cols) s.values.push_back(t.row(i)[c]);
    return s;
  }
  lw::cli::Progress bar("features", 1000, quiet);
  lf::Table t = lf::extract(in, p, names, [&](double f) { bar.update(std::uint64_t(f * 1000)); });
  bar.finish();
  return t;
}

std::string pad(const std::string& s, std::size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }

// One measure of a diff as JSON (the pair and the tree reports share it):
// the values only where the measure was compared.
lw::json measure_json(const lf::Measure& m) {
  lw::json j = {{"name", m.name}, {"ok", m.ok}, {"compared", m.compared}};
  if (m.compared) {
    j["a"] = m.a;
    j["b"] = m.b;
    j["diff"] = m.diff;
    j["tolerance"] = m.tolerance;
  }
  return j;
}
std::string lpad(const std::string& s, std::size_t w) { return s.size() >= w ? s : std::string(w - s.size(), ' ') + s; }

std::string status_label(const lf::FileDiff& f) {
  switch (f.status) {
    case lf::FileStatus::Same: return "ok      ";
    case lf::FileStatus::Differ: return "FAIL    ";
    case lf::FileStatus::Missing: return "MISSING ";
    case lf::FileStatus::Extra: return "EXTRA   ";
    case lf::FileStatus::Error: return "ERROR   ";
  }
  return "?       ";
}

// diff --dir: every file of two trees; JUnit, plots, --update.
void run_tree_diff(const std::string& ref, const std::string& out, const lf::Params& params,
                   const lf::Tolerances& tol, const std::vector<std::string>& exclude, const std::string& junit,
                   const std::string& report, bool update, bool json_out) {
  lf::TreeOptions opts;
  opts.exclude = exclude;
  std::error_code ec;
  if (update && !std::filesystem::exists(ref, ec)) {  // first references: nothing to compare
    const auto changes = lf::update_tree(ref, out);
    if (json_out) {
      std::cout << lw::dump_json(lw::json{{"ref", ref}, {"out", out}, {"ok", true}, {"updated", changes}}) << "\n";
    } else {
      for (const auto& c : changes) std::cout << c << "\n";
      std::cout << "new reference tree " << ref << " (" << changes.size() << " files)\n";
    }
    return;
  }
  const lf::TreeDiff d = lf::diff_tree(ref, out, params, tol, opts);
  if (!junit.empty()) lw::write_file_atomically(junit, lf::junit_xml(d));
  std::vector<std::string> plots;
  if (!report.empty()) plots = lf::write_report(report, d, params);
  std::vector<std::string> changes;
  if (update) changes = lf::update_tree(ref, out);
  int counts[5] = {0, 0, 0, 0, 0};
  for (const auto& f : d.files) ++counts[int(f.status)];
  if (json_out) {
    lw::json doc = {{"ref", ref}, {"out", out}, {"ok", d.ok()}, {"files", lw::json::array()}};
    for (const auto& f : d.files) {
      lw::json j = {{"path", f.path}, {"status", lf::status_name(f.status)}, {"audio", f.audio}};
      if (!f.detail.empty()) j["detail"] = f.detail;
      if (f.audio && (f.status == lf::FileStatus::Same || f.status == lf::FileStatus::Differ)) {
        j["measures"] = lw::json::array();
        for (const auto& m : f.report.measures) j["measures"].push_back(measure_json(m));
      }
      doc["files"].push_back(j);
    }
    doc["counts"] = {{"same", counts[0]}, {"differ", counts[1]}, {"missing", counts[2]},
                     {"extra", counts[3]}, {"error", counts[4]}};
    if (!report.empty()) doc["plots"] = plots;
    if (update) doc["updated"] = changes;
    std::cout << lw::dump_json(doc) << "\n";
  } else {
    for (const auto& f : d.files)
      std::cout << status_label(f) << f.path << (f.detail.empty() ? "" : "  (" + f.detail + ")") << "\n";
    std::cout << d.files.size() << " files: " << counts[0] << " same, " << counts[1] << " differ, " << counts[2]
              << " missing, " << counts[3] << " extra, " << counts[4] << " unreadable\n";
    if (!report.empty()) std::cout << plots.size() << " difference plots in " << report << "\n";
    if (update) {
      for (const auto& c : changes) std::cout << c << "\n";
      std::cout << (changes.empty() ? "references unchanged: " + ref
                                    : std::to_string(changes.size()) + " changes written to " + ref)
                << "\n";
    }
  }
  if (!d.ok() && !update)
    throw lw::Error(lw::Exit::CheckFailed, std::to_string(d.failures()) + " of " + std::to_string(d.files.size()) +
                                               " files differ from the reference tree " + ref);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app;
  lw::cli::setup_app(app, "lw-features",
                     "Frame-wise audio features (the explorer's ten inputs: ambitus, density, loudness and "
                     "FluCoMa's spectral shape), statistics, pitch, onsets, plots and audio regression diffs.");

  // extract
  lf::Params xp;
  std::string x_in, x_out, x_select, x_unit = "hz";
  bool x_all = false;
  lw::cli::Common x_common;
  auto* ex = app.add_subcommand("extract", "audio -> latentwalk.features JSON or CSV (by the output's extension)");
  ex->add_option("input", x_in, "audio file (anything libsndfile reads; - = stdin)")->required();
  ex->add_option("-o,--output", x_out, "output .json or .csv (- = CSV on stdout)")->required();
  ex->add_option("--select", x_select, "comma-separated feature names (default: the ten explorer inputs)");
  ex->add_flag("--all", x_all, "the ten plus pitch, confidence, onset_strength and peak");
  add_framing(ex, xp);
  add_shape(ex, xp, x_unit);
  add_pitch(ex, xp, false);
  add_contextual(ex, xp);
  add_onset(ex, xp);
  lf::LseParams xl;
  std::string x_preset = "latentwalk";
  ex->add_option("--preset", x_preset,
                 "latentwalk (our features) or lse (the Latent Space Explorer's scaled input vector, one row "
                 "every 30 ms)")->capture_default_str();
  ex->add_option("--lse-sensitivity", xl.sensitivity_db, "lse: the device's Sensitivity dial, dB")->capture_default_str();
  ex->add_option("--lse-transient", xl.transient_db, "lse: the device's Transient Threshold, dB")->capture_default_str();
  ex->add_option("--lse-ramp", xl.ramp_ms, "lse: the device's Input Parameter Ramp Time, ms")->capture_default_str();
  lw::cli::add_quiet(*ex, x_common);
  ex->callback([&] {
    lf::check_preset_name(x_preset, "--preset");
    if (x_preset == "lse") {
      for (const char* o : {"--select", "--all", "--window", "--hop", "--fft", "--power", "--unit", "--min-freq",
                            "--max-freq", "--rolloff", "--kweight", "--pitch-min-freq", "--pitch-max-freq",
                            "--min-confidence", "--note-attack", "--ambitus-notes", "--density-notes",
                            "--threshold", "--min-gap", "--median-window"})
        if (ex->count(o)) lw::fail_usage(std::string(o) + " does not apply to --preset lse (its settings are the device's)");
      if (is_table_path(x_in)) lw::fail_usage("--preset lse extracts from audio, not from a features file");
    } else {
      for (const char* o : {"--lse-sensitivity", "--lse-transient", "--lse-ramp"})
        if (ex->count(o)) lw::fail_usage(std::string(o) + " applies to --preset lse only");
    }
    apply_unit(xp, x_unit);
    lw::guard_overwrite({x_in}, x_out);
    lf::Table t;
    if (x_preset == "lse") {
      xl.channel = xp.channel;
      lw::cli::Progress bar("features", 1000, x_common.quiet);
      t = lf::extract_lse(x_in, xl, [&](double f) { bar.update(std::uint64_t(f * 1000)); });
      bar.finish();
    } else {
      t = load(x_in, xp, choose(x_select, x_all), x_common.quiet);
    }
    lf::write_table(t, x_out);
  });

  // stats
  lf::Params sp;
  std::string s_in, s_select, s_unit = "hz";
  double s_from = 0, s_to = -1;
  bool s_all = false;
  lw::cli::Common s_common;
  auto* st = app.add_subcommand("stats", "per-feature mean, standard deviation, min, max, median, 5th/95th percentiles");
  st->add_option("input", s_in, "audio file, or a features file (.json/.csv)")->required();
  st->add_option("--from", s_from, "start of the range, seconds")->capture_default_str();
  st->add_option("--to", s_to, "end of the range, seconds (negative = to the end)")->capture_default_str();
  st->add_option("--select", s_select, "comma-separated feature names (default: the ten, or all in a features file)");
  st->add_flag("--all", s_all, "the ten plus pitch, confidence, onset_strength and peak (audio input)");
  add_framing(st, sp);
  add_shape(st, sp, s_unit);
  add_pitch(st, sp, false);
  add_contextual(st, sp);
  add_onset(st, sp);
  lw::cli::add_json(*st, s_common, "print the statistics as JSON on stdout");
  lw::cli::add_quiet(*st, s_common);
  st->callback([&] {
    apply_unit(sp, s_unit);
    std::vector<std::string> names;
    if (is_table_path(s_in)) names = s_select.empty() ? std::vector<std::string>{} : split_names(s_select);
    else names = choose(s_select, s_all);
    const lf::Table t = load(s_in, sp, names, s_common.quiet);
    const auto sum = lf::summarize(t, s_from, s_to);
    std::size_t frames = 0;
    for (double tm : t.times) frames += tm >= s_from && (s_to < 0 || tm <= s_to);
    if (s_common.json) {
      lw::json doc = {{"format", "latentwalk.feature-stats"}, {"version", 1}, {"source", s_in},
                      {"from", s_from}, {"to", s_to < 0 ? lw::json(nullptr) : lw::json(s_to)},
                      {"frames", frames}, {"features", lw::json::array()}};
      for (std::size_t c = 0; c < t.columns(); ++c)
        doc["features"].push_back({{"name", t.names[c]}, {"unit", t.units[c]}, {"mean", sum[c].mean},
                                   {"stddev", sum[c].stddev}, {"min", sum[c].min}, {"max", sum[c].max},
                                   {"median", sum[c].median}, {"p5", sum[c].p5}, {"p95", sum[c].p95}});
      std::cout << lw::dump_json(doc) << "\n";
      return;
    }
    std::cout << pad("feature", 16) << pad("unit", 11);
    for (const char* h : {"mean", "stddev", "min", "max", "median", "p5", "p95"}) std::cout << lpad(h, 11);
    std::cout << "\n";
    for (std::size_t c = 0; c < t.columns(); ++c) {
      std::cout << pad(t.names[c], 16) << pad(t.units[c].empty() ? "-" : t.units[c], 11);
      for (double v : {sum[c].mean, sum[c].stddev, sum[c].min, sum[c].max, sum[c].median, sum[c].p5, sum[c].p95})
        std::cout << lpad(lw::format_fixed(v, 3), 11);
      std::cout << "\n";
    }
    std::cout << frames << " frames from " << lw::format_fixed(s_from, 3) << " s"
              << (s_to < 0 ? std::string(" to the end") : " to " + lw::format_fixed(s_to, 3) + " s") << "\n";
  });

  // pitch
  lf::Params pp;
  std::string p_in, p_out = "-", p_unit = "hz";
  double p_min_conf = 0;
  lw::cli::Common p_common;
  auto* pi = app.add_subcommand("pitch", "the pitch track (YIN-FFT): CSV time,pitch,confidence");
  pi->add_option("input", p_in, "audio file")->required();
  pi->add_option("-o,--output", p_out, "output CSV (- = stdout)")->capture_default_str();
  pi->add_option("--unit", p_unit, "pitch unit: hz or midi")->capture_default_str();
  add_pitch(pi, pp, true);
  pi->add_option("--min-confidence", p_min_conf, "leave out frames with a lower confidence")->capture_default_str();
  add_framing(pi, pp);
  lw::cli::add_quiet(*pi, p_common);
  pi->callback([&] {
    apply_unit(pp, p_unit);
    lw::guard_overwrite({p_in}, p_out);
    const lf::Table t = load(p_in, pp, {"pitch", "confidence"}, p_common.quiet);
    std::string s = "time,pitch,confidence\n";
    for (std::size_t i = 0; i < t.frames(); ++i) {
      if (t.row(i)[1] < p_min_conf) continue;
      s += lw::format_fixed(t.times[i], 6) + "," + lw::format_fixed(t.row(i)[0], 4) + "," +
           lw::format_fixed(t.row(i)[1], 4) + "\n";
    }
    lw::write_file_atomically(p_out, s);
  });

  // onsets
  lf::Params op;
  std::string o_in, o_out = "-";
  lw::cli::Common o_common;
  auto* on = app.add_subcommand("onsets", "onset times in seconds, one per line (spectral flux, median threshold)");
  on->add_option("input", o_in, "audio file")->required();
  on->add_option("-o,--output", o_out, "output text file (- = stdout)")->capture_default_str();
  add_onset(on, op);
  add_framing(on, op);
  lw::cli::add_json(*on, o_common, "print {\"onsets\": [...], \"count\", \"rate\"} as JSON instead");
  lw::cli::add_quiet(*on, o_common);
  on->callback([&] {
    lw::guard_overwrite({o_in}, o_out);
    const lf::Table t = load(o_in, op, {"onset_strength"}, o_common.quiet);
    const auto times = lf::onset_times(t, op);
    std::string s;
    if (o_common.json) {
      const double dur = double(t.frames() - 1) * t.hop / t.sample_rate;
      lw::json doc = {{"source", o_in}, {"count", times.size()}, {"onsets", times},
                      {"rate", dur > 0 ? double(times.size()) / dur : 0.0}};
      s = lw::dump_json(doc) + "\n";
    } else {
      for (double v : times) s += lw::format_fixed(v, 6) + "\n";
    }
    lw::write_file_atomically(o_out, s);
  });

  // plot
  lf::Params lp;
  std::string l_in, l_out, l_select, l_unit = "hz", l_title;
  bool l_all = false;
  int l_width = 1100;
  lw::cli::Common l_common;
  auto* pl = app.add_subcommand("plot", "SVG: waveform with onsets, and one panel per feature against time");
  pl->add_option("input", l_in, "audio file, or a features file (.json/.csv; no waveform then)")->required();
  pl->add_option("-o,--output", l_out, "output .svg")->required();
  pl->add_option("--select", l_select, "comma-separated feature names (default: the ten)");
  pl->add_flag("--all", l_all, "the ten plus pitch, confidence, onset_strength and peak");
  pl->add_option("--title", l_title, "title (default: the input's file name)");
  pl->add_option("--width", l_width, "width in pixels")->capture_default_str()->check(CLI::Range(300, 20000));
  add_framing(pl, lp);
  add_shape(pl, lp, l_unit);
  add_pitch(pl, lp, false);
  add_contextual(pl, lp);
  add_onset(pl, lp);
  lw::cli::add_quiet(*pl, l_common);
  pl->callback([&] {
    apply_unit(lp, l_unit);
    if (l_in == "-") lw::fail_usage("plot reads its input more than once; give a file, not '-' (stdin)");
    lw::guard_overwrite({l_in}, l_out);
    std::vector<std::string> names;
    if (is_table_path(l_in)) names = l_select.empty() && !l_all ? std::vector<std::string>{} : choose(l_select, l_all);
    else names = choose(l_select, l_all);
    lf::Table t = load(l_in, lp, names, l_common.quiet);
    lf::Envelope env;
    std::vector<double> onsets;
    lf::PlotOptions po;
    if (!is_table_path(l_in)) {
      env = lf::waveform_envelope(l_in, l_width - 154, lp.channel);
      // onsets, pitch confidence and silence for the drawing
      const lf::Table aux = load(l_in, lp, {"onset_strength", "confidence", "peak"}, true);
      onsets = lf::onset_times(aux, lp);
      for (std::size_t i = 0; i < aux.frames(); ++i) {
        po.confidence.push_back(aux.row(i)[1]);
        po.silent.push_back(aux.row(i)[2] <= -144.0);
      }
    } else {
      if (t.column("onset_strength") >= 0) onsets = lf::onset_times(t, lp);
      const int lc = t.column("loudness") >= 0 ? t.column("loudness") : t.column("peak");
      if (lc >= 0)
        for (std::size_t i = 0; i < t.frames(); ++i) po.silent.push_back(t.row(i)[lc] <= -144.0);
    }
    po.width = l_width;
    po.min_confidence = lp.min_confidence;
    po.title = l_title.empty() ? l_in.substr(l_in.find_last_of('/') + 1) : l_title;
    lw::write_file_atomically(l_out, lf::plot_svg(t, env, onsets, po));
  });

  // diff
  lf::Params dp;
  std::string d_a, d_b, d_tol_file;
  lf::Tolerances tol = lf::default_tolerances();
  std::vector<std::string> d_feature_tols;
  double t_length = -1, t_peak = -1, t_rms = -1, t_maxdiff = -1, t_lsd = -1;
  lw::cli::Common d_common;
  auto* di = app.add_subcommand("diff",
                                "compare two audio files against tolerances (exit 0 within, 1 outside, 2 bad input)");
  di->add_option("a", d_a, "reference audio file (with --dir: the reference tree)")->required();
  di->add_option("b", d_b, "audio file to check (with --dir: the output tree)")->required();
  bool d_dir = false, d_update = false;
  std::string d_junit, d_report;
  std::vector<std::string> d_exclude;
  di->add_flag("--dir", d_dir,
               "compare every file of two trees, matched by relative path: audio against the tolerances, "
               "other files byte for byte; missing and extra files fail");
  di->add_option("--exclude", d_exclude, "--dir: GLOB of files (relative path or name) not compared (repeatable)");
  di->add_option("--junit", d_junit, "--dir: write a JUnit XML report (one test case per file) to FILE");
  di->add_option("--report", d_report, "--dir: write a difference plot (SVG) per failing file and index.html to DIR");
  di->add_flag("--update", d_update,
               "--dir: after comparing, make the reference tree a copy of the output tree (swapped in whole), "
               "listing what changed; exit 0");
  di->add_option("--tolerance", d_tol_file, "YAML file of tolerances (keys as the --tol-* options, "
                                            "and features: {name: tol}); flags override it");
  di->add_option("--tol-length", t_length, "length difference allowed, samples (default 0)");
  di->add_option("--tol-peak-db", t_peak, "peak level difference allowed, dB (default 0.1)");
  di->add_option("--tol-rms-db", t_rms, "RMS level difference allowed, dB (default 0.1)");
  di->add_option("--tol-max-diff", t_maxdiff, "largest sample difference allowed, full scale 1 (default 0.001)");
  di->add_option("--tol-lsd-db", t_lsd, "log-spectral distance allowed, dB (default 0.5)");
  di->add_option("--tol-feature", d_feature_tols,
                 "NAME=TOL: difference of the feature's mean allowed (repeatable; defaults in the man page)");
  add_framing(di, dp, false);
  lw::cli::add_json(*di, d_common, "print every measure as JSON on stdout");
  lw::cli::add_quiet(*di, d_common);  // no progress to silence: accepted so that scripts can pass -q everywhere
  di->callback([&] {
    if (d_a == "-" || d_b == "-") lw::fail_usage("diff reads its inputs more than once; give files, not '-' (stdin)");
    if (!d_junit.empty() && d_junit == d_report) lw::fail_usage("--junit and --report are the same path");
    if (!d_tol_file.empty()) tol = lf::read_tolerances(d_tol_file, tol);
    auto set = [](double v, double& dst, const char* opt) {
      if (v == -1) return;
      if (!(v >= 0)) lw::fail_usage(std::string(opt) + " must be >= 0");
      dst = v;
    };
    set(t_length, tol.length, "--tol-length");
    set(t_peak, tol.peak_db, "--tol-peak-db");
    set(t_rms, tol.rms_db, "--tol-rms-db");
    set(t_maxdiff, tol.max_abs_diff, "--tol-max-diff");
    set(t_lsd, tol.lsd_db, "--tol-lsd-db");
    for (const auto& ft : d_feature_tols) {
      const auto eq = ft.find('=');
      double v = 0;
      if (eq == std::string::npos || !lw::parse_double(ft.substr(eq + 1), v) || !(v >= 0))
        lw::fail_usage("--tol-feature wants NAME=TOL with TOL >= 0 (got '" + ft + "')");
      const std::string name = ft.substr(0, eq);
      const auto& all = lf::all_features();
      if (std::find(all.begin(), all.end(), name) == all.end()) lw::fail_usage("--tol-feature: unknown feature '" + name + "'");
      tol.features[name] = v;
    }
    if (!d_dir) {
      if (!d_junit.empty() || !d_report.empty() || d_update || !d_exclude.empty())
        lw::fail_usage("--junit, --report, --update and --exclude compare trees: give --dir");
    } else {
      run_tree_diff(d_a, d_b, dp, tol, d_exclude, d_junit, d_report, d_update, d_common.json);
      return;
    }
    const lf::DiffReport rep = lf::diff_audio(d_a, d_b, dp, tol);
    if (d_common.json) {
      lw::json doc = {{"a", d_a}, {"b", d_b}, {"ok", rep.ok()}, {"measures", lw::json::array()}};
      for (const auto& m : rep.measures) {
        lw::json j = measure_json(m);
        j["unit"] = m.unit;
        doc["measures"].push_back(j);
      }
      std::cout << lw::dump_json(doc) << "\n";
    } else {
      for (const auto& m : rep.measures) {
        std::cout << (m.ok ? "ok    " : "FAIL  ") << pad(m.name, 24);
        if (!m.compared) {
          std::cout << "not compared (sample rate or channels differ)\n";
          continue;
        }
        std::cout << "a " << lpad(lw::format_fixed(m.a, 4), 12) << "  b " << lpad(lw::format_fixed(m.b, 4), 12)
                  << "  diff " << lpad(lw::format_fixed(m.diff, 6), 12) << "  tol " << lw::format_double(m.tolerance)
                  << (m.unit.empty() ? "" : " " + m.unit);
        if (!m.ok) std::cout << "  (over by " << lw::format_double(m.diff - m.tolerance) << ")";
        std::cout << "\n";
      }
    }
    if (!rep.ok()) {
      std::string which;
      for (const auto& m : rep.measures)
        if (!m.ok) which += (which.empty() ? "" : ", ") + m.name;
      throw lw::Error(lw::Exit::CheckFailed, "outside tolerance: " + which);
    }
  });

  return lw::cli::run(app, argc, argv);
}
