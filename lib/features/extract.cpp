#include "features/extract.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

#include "audio/audio_file.hpp"
#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "features/ambitus.hpp"
#include "features/density.hpp"
#include "features/loudness.hpp"
#include "features/onsets.hpp"
#include "features/pitch.hpp"
#include "features/preset_lse.hpp"
#include "features/spectral_shape.hpp"
#include "features/stft.hpp"

namespace lw::features {

const std::vector<std::string>& explorer_features() {
  static const std::vector<std::string> names = {"ambitus",  "density",  "loudness", "centroid", "spread",
                                                 "skewness", "kurtosis", "rolloff",  "flatness", "crest"};
  return names;
}

const std::vector<std::string>& all_features() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v = explorer_features();
    for (const char* n : {"pitch", "confidence", "onset_strength", "peak"}) v.push_back(n);
    return v;
  }();
  return names;
}

std::string unit_of(const std::string& name, const Params& p) {
  if (name == "ambitus") return "semitones";
  if (name == "density") return "notes/s";
  if (name == "loudness") return p.kweight ? "LUFS" : "dBFS";
  if (name == "centroid" || name == "rolloff" || name == "pitch") return p.midi_unit ? "MIDI" : "Hz";
  if (name == "spread") return p.midi_unit ? "semitones" : "Hz";
  if (name == "flatness" || name == "crest") return "dB";
  if (name == "peak") return "dBFS";
  return "";  // skewness, kurtosis, confidence, onset_strength: dimensionless
}

int Table::column(const std::string& name) const {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return int(i);
  return -1;
}

void validate(const Params& p) {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) fail_usage(what);
  };
  need(p.hop > 0, "--hop must be > 0 (got " + std::to_string(p.hop) + ")");
  need(p.window >= 16, "--window must be >= 16 samples (got " + std::to_string(p.window) + ")");
  need(p.fft >= p.window, "--fft (" + std::to_string(p.fft) + ") must be >= --window (" + std::to_string(p.window) + ")");
  need(p.fft % 2 == 0, "--fft must be even (got " + std::to_string(p.fft) + ")");
  need(p.window <= (1 << 20) && p.fft <= (1 << 22), "--window/--fft too large");
  need(std::isfinite(p.min_freq) && p.min_freq >= 0, "--min-freq must be >= 0");
  need(std::isfinite(p.max_freq) && (p.max_freq <= 0 || p.max_freq > p.min_freq),
       "--max-freq must be above --min-freq (or 0 for Nyquist)");
  need(p.rolloff > 0 && p.rolloff <= 100, "--rolloff must be in (0, 100]");
  need(p.pitch_min_freq > 0 && p.pitch_max_freq > p.pitch_min_freq,
       "pitch range: need 0 < min freq < max freq");
  need(p.ambitus_notes >= 2 && p.ambitus_notes <= 1000 && p.density_notes >= 2 && p.density_notes <= 1000,
       "--ambitus-notes and --density-notes must be in 2..1000");
  need(std::isfinite(p.note_attack) && p.note_attack >= 0 && p.note_attack <= 1, "--note-attack must be in [0, 1] s");
  need(p.min_confidence >= 0 && p.min_confidence <= 1, "--min-confidence must be in [0, 1]");
  need(p.onset_threshold >= 0 && p.onset_min_gap >= 0 && p.median_window >= 0,
       "onset threshold, minimum gap and median window must be >= 0");
  need(p.channel >= -1, "--channel must be >= 0");
}

std::string settings_json(const Params& p) {
  auto num = [](double v) { return format_double(v); };
  return canonical_settings(std::string("{\"window\":") + std::to_string(p.window) + ",\"hop\":" + std::to_string(p.hop) +
         ",\"fft\":" + std::to_string(p.fft) + ",\"power\":" + (p.power ? "true" : "false") +
         ",\"unit\":" + (p.midi_unit ? "\"midi\"" : "\"hz\"") + ",\"min_freq\":" + num(p.min_freq) +
         ",\"max_freq\":" + num(p.max_freq) + ",\"rolloff\":" + num(p.rolloff) +
         ",\"kweight\":" + (p.kweight ? "true" : "false") + ",\"pitch_min_freq\":" + num(p.pitch_min_freq) +
         ",\"pitch_max_freq\":" + num(p.pitch_max_freq) + ",\"ambitus_notes\":" + std::to_string(p.ambitus_notes) +
         ",\"density_notes\":" + std::to_string(p.density_notes) + ",\"min_confidence\":" + num(p.min_confidence) +
         ",\"note_attack\":" + num(p.note_attack) + ",\"onset_threshold\":" + num(p.onset_threshold) +
         ",\"onset_min_gap\":" + num(p.onset_min_gap) + ",\"median_window\":" + num(p.median_window) +
         ",\"channel\":" + std::to_string(p.channel) + "}");
}

namespace {

using Pull = std::function<std::size_t(float*, std::size_t)>;

struct Needs {
  bool shape = false, loud = false, peak = false, pitch = false, flux = false, fft = false;
};

Table run(const Pull& pull, std::int64_t total_hint, int sample_rate, const std::string& source,
          const Params& params, const std::vector<std::string>& requested, const ProgressFn& progress) {
  validate(params);
  const std::vector<std::string>& names = requested.empty() ? explorer_features() : requested;
  Needs need;
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (names[i] == names[j]) fail_usage("feature '" + names[i] + "' is selected twice");
  for (const std::string& n : names) {
    const auto& all = all_features();
    if (std::find(all.begin(), all.end(), n) == all.end()) {
      std::string list;
      for (const auto& a : all) list += (list.empty() ? "" : ", ") + a;
      fail_usage("unknown feature '" + n + "' (known: " + list + ")");
    }
    if (n == "centroid" || n == "spread" || n == "skewness" || n == "kurtosis" || n == "rolloff" ||
        n == "flatness" || n == "crest")
      need.shape = true;
    if (n == "loudness") need.loud = true;
    if (n == "peak") need.peak = true;
    if (n == "pitch" || n == "confidence" || n == "ambitus" || n == "density") need.pitch = true;
    if (n == "onset_strength" || n == "density" || n == "ambitus") need.flux = true;
  }
  need.fft = need.shape || need.pitch || need.flux;
  if (sample_rate <= 0) fail_input(source, "invalid sample rate " + std::to_string(sample_rate));
  // (a corrupt header can claim any rate; the analysis is meant for audio rates)
  if (sample_rate > 768000)
    fail_input(source, "sample rate " + std::to_string(sample_rate) + " Hz is above 768000 Hz (a corrupt header?)");
  if (need.pitch && sample_rate / params.pitch_max_freq >= params.fft / 2.0 - 1)
    fail_input(source, "at " + std::to_string(sample_rate) + " Hz the pitch search up to " +
                           format_double(params.pitch_max_freq) + " Hz needs lags beyond the FFT's " +
                           std::to_string(params.fft / 2 - 1) + " (use a larger --fft or --pitch-max-freq)");
  if (need.pitch && params.pitch_max_freq >= sample_rate / 2.0)
    fail_usage("pitch max freq " + format_double(params.pitch_max_freq) + " Hz must be below Nyquist (" +
               format_double(sample_rate / 2.0) + " Hz)");

  const double sr = sample_rate;
  Framer framer(params.window, params.hop);
  std::unique_ptr<Framer> kframer;
  std::unique_ptr<KWeighting> kfilter;
  const bool kweight = need.loud && params.kweight;
  if (kweight) {
    kframer = std::make_unique<Framer>(params.window, params.hop);
    kfilter = std::make_unique<KWeighting>(sr);
  }
  std::unique_ptr<Spectrum> spectrum;
  std::unique_ptr<SpectralShape> shape;
  std::unique_ptr<YinFft> yin;
  std::unique_ptr<SpectralFlux> flux;
  if (need.fft) spectrum = std::make_unique<Spectrum>(params.window, params.fft);
  if (need.shape) {
    ShapeParams sp;
    sp.sample_rate = sr;
    sp.fft = params.fft;
    sp.min_freq = params.min_freq;
    sp.max_freq = params.max_freq;
    sp.rolloff = params.rolloff;
    sp.power = params.power;
    sp.midi_unit = params.midi_unit;
    shape = std::make_unique<SpectralShape>(sp);
  }
  if (need.pitch) yin = std::make_unique<YinFft>(params.window, params.fft, sr, params.pitch_min_freq, params.pitch_max_freq);
  if (need.flux) {
    double wsum = 0;
    for (double w : hann_periodic(params.window)) wsum += w;
    flux = std::make_unique<SpectralFlux>(params.fft / 2 + 1, wsum);
  }

  // Per-frame base values; the centred-window features (ambitus, density)
  // are computed from these after the last frame.
  std::vector<Shape> shapes;
  std::vector<double> loud, peak, pitch_hz, conf, novelty;
  // (a pipe may report an unknown, huge length: reserve at most 2^22 frames)
  const std::size_t reserve =
      total_hint > 0 ? std::size_t(std::min<std::int64_t>(frame_count(total_hint, params.hop), 1 << 22)) : 0;
  if (need.shape) shapes.reserve(reserve);
  for (auto* v : {&loud, &peak, &pitch_hz, &conf, &novelty}) v->reserve(reserve);
  auto process = [&](const double* frame, const double* kframe) {
    if (need.loud) loud.push_back(kweight ? mean_square_db(kframe, std::size_t(params.window), -0.691)
                                          : mean_square_db(frame, std::size_t(params.window)));
    if (need.peak) peak.push_back(peak_db(frame, std::size_t(params.window)));
    if (!need.fft) return;
    spectrum->compute(frame);
    if (need.shape) shapes.push_back(shape->process(spectrum->magnitude().data()));
    if (need.pitch) {
      const PitchEstimate e = yin->process(spectrum->power().data());
      pitch_hz.push_back(e.hz);
      conf.push_back(e.confidence);
    }
    if (need.flux) novelty.push_back(flux->process(spectrum->magnitude().data()));
  };

  const std::size_t block = 1 << 16;
  std::vector<float> buf(block), kbuf(kweight ? block : 0);
  std::int64_t total = 0;
  auto drain = [&] {
    for (;;) {
      const double* f = framer.next();
      if (!f) break;
      const double* kf = kweight ? kframer->next() : nullptr;
      process(f, kf);
    }
  };
  for (;;) {
    const std::size_t got = pull(buf.data(), block);
    if (got == 0) break;
    total += std::int64_t(got);
    framer.push(buf.data(), got);
    if (kweight) {
      for (std::size_t i = 0; i < got; ++i) kbuf[i] = float(kfilter->process(buf[i]));
      kframer->push(kbuf.data(), got);
    }
    drain();
    if (progress && total_hint > 0) progress(std::min(1.0, double(total) / double(total_hint)));
  }
  if (total == 0) fail_input(source, "no audio samples (zero-length audio)");
  if (total < params.window)
    fail_input(source, "too short for the analysis window: " + std::to_string(total) + " samples, window " +
                           std::to_string(params.window) + " (use a smaller --window)");
  framer.finish();
  if (kweight) kframer->finish();
  drain();
  if (progress) progress(1.0);

  Table t;
  t.sample_rate = sample_rate;
  t.hop = params.hop;
  t.window = params.window;
  t.source = source;
  t.preset = "latentwalk";
  t.settings = settings_json(params);
  const std::size_t nframes = std::size_t(framer.frames_taken());
  t.times.resize(nframes);
  for (std::size_t i = 0; i < nframes; ++i) t.times[i] = double(i) * params.hop / sr;
  const double duration = double(total) / sr;

  std::vector<double> density, ambitus;
  const bool want_density = std::find(names.begin(), names.end(), "density") != names.end();
  const bool want_ambitus = std::find(names.begin(), names.end(), "ambitus") != names.end();
  if (want_density || want_ambitus) {
    OnsetParams op{params.onset_threshold, params.onset_min_gap, params.median_window};
    std::vector<double> midi(pitch_hz.size());
    for (std::size_t i = 0; i < midi.size(); ++i) midi[i] = hz_to_midi(pitch_hz[i]);
    const std::vector<Note> notes = find_notes(t.times, midi, conf, pick_onsets(novelty, sr / params.hop, op),
                                               NoteParams{params.min_confidence, params.note_attack});
    if (want_ambitus) ambitus = ambitus_track(t.times, notes, params.ambitus_notes);
    if (want_density) {
      std::vector<double> onsets;
      for (const Note& n : notes) onsets.push_back(n.onset);
      density = density_track(t.times, onsets, params.density_notes);
    }
  }
  (void)duration;

  t.names = names;
  for (const auto& n : names) t.units.push_back(unit_of(n, params));
  t.values.resize(nframes * names.size());
  std::vector<double> pitch_out;
  if (std::find(names.begin(), names.end(), "pitch") != names.end()) {
    pitch_out = pitch_hz;
    if (params.midi_unit)
      for (double& v : pitch_out) v = hz_to_midi(v);
  }
  for (std::size_t c = 0; c < names.size(); ++c) {
    const std::string& n = names[c];
    const std::vector<double>* col = nullptr;
    double Shape::*member = nullptr;
    if (n == "ambitus") col = &ambitus;
    else if (n == "density") col = &density;
    else if (n == "loudness") col = &loud;
    else if (n == "peak") col = &peak;
    else if (n == "pitch") col = &pitch_out;
    else if (n == "confidence") col = &conf;
    else if (n == "onset_strength") col = &novelty;
    else if (n == "centroid") member = &Shape::centroid;
    else if (n == "spread") member = &Shape::spread;
    else if (n == "skewness") member = &Shape::skewness;
    else if (n == "kurtosis") member = &Shape::kurtosis;
    else if (n == "rolloff") member = &Shape::rolloff;
    else if (n == "flatness") member = &Shape::flatness;
    else if (n == "crest") member = &Shape::crest;
    for (std::size_t i = 0; i < nframes; ++i)
      t.values[i * names.size() + c] = col ? (*col)[i] : shapes[i].*member;
  }
  return t;
}

}  // namespace

std::vector<double> onset_times(const Table& table, const Params& params) {
  const int c = table.column("onset_strength");
  if (c < 0) fail_usage("onset_times: the table has no onset_strength column");
  std::vector<double> novelty(table.frames());
  for (std::size_t i = 0; i < novelty.size(); ++i) novelty[i] = table.row(i)[c];
  OnsetParams op{params.onset_threshold, params.onset_min_gap, params.median_window};
  std::vector<double> out;
  for (std::size_t f : pick_onsets(novelty, double(table.sample_rate) / table.hop, op)) out.push_back(table.times[f]);
  return out;
}

Table extract(const std::string& audio_path, const Params& params, const std::vector<std::string>& names,
              const ProgressFn& progress) {
  validate(params);
  audio::Reader reader(audio_path);
  const audio::Info& info = reader.info();
  if (params.channel >= info.channels)
    fail_usage("--channel " + std::to_string(params.channel) + ": " + display_name(audio_path) + " has " +
               std::to_string(info.channels) + " channel(s) (0-based)");
  Pull pull = [&](float* out, std::size_t n) {
    return std::size_t(reader.read_mono(out, std::int64_t(n), params.channel));
  };
  return run(pull, info.frames, info.sample_rate, audio_path, params, names, progress);
}

Table extract_samples(const float* mono, std::size_t count, int sample_rate, const Params& params,
                      const std::vector<std::string>& names) {
  std::size_t pos = 0;
  Pull pull = [&](float* out, std::size_t n) {
    const std::size_t k = std::min(n, count - pos);
    std::copy(mono + pos, mono + pos + k, out);
    pos += k;
    return k;
  };
  return run(pull, std::int64_t(count), sample_rate, "<samples>", params, names, {});
}

}  // namespace lw::features
