#include "features/preset_lse.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "audio/audio_file.hpp"
#include "core/error.hpp"
#include "core/numfmt.hpp"
#include <nlohmann/json.hpp>
#include "features/loudness.hpp"
#include "features/pitch.hpp"
#include "features/spectral_shape.hpp"
#include "features/stft.hpp"

namespace lw::features {

std::string lse_settings_json(const LseParams& p) {
  return canonical_settings("{\"sensitivity_db\":" + format_double(p.sensitivity_db) + ",\"transient_db\":" +
         format_double(p.transient_db) + ",\"ramp_ms\":" + format_double(p.ramp_ms) + ",\"channel\":" +
         std::to_string(p.channel) + "}");
}

void validate(const LseParams& p) {
  if (!(p.sensitivity_db >= -70 && p.sensitivity_db <= 0)) fail_usage("--lse-sensitivity must be in -70..0 dB");
  if (!(p.transient_db >= -70 && p.transient_db <= 0)) fail_usage("--lse-transient must be in -70..0 dB");
  if (!(p.ramp_ms >= 0 && p.ramp_ms <= 5000)) fail_usage("--lse-ramp must be in 0..5000 ms");
  if (p.channel < -1) fail_usage("--channel must be >= 0");
}

namespace {

constexpr int kPitchWindow = 1024, kPitchHop = 512;   // fluid.pitch~ / onsetslice~ / loudness~ 1024 512
constexpr int kShapeWindow = 2048, kShapeHop = 1024;  // fluid.spectralshape~ @fftsettings 2048
constexpr int kPad = kShapeWindow;

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];  // odd size (5), as FluCoMa's MedianFilter
}

}  // namespace

Table extract_lse_samples(const float* mono, std::size_t count, int sample_rate, const LseParams& p,
                          const std::string& source) {
  validate(p);
  if (sample_rate < 8000 || sample_rate > 768000)
    fail_input(source, "sample rate " + std::to_string(sample_rate) + " Hz is outside 8000..768000 Hz");
  if (count == 0) fail_input(source, "no audio samples (zero-length audio)");
  const double sr = sample_rate;
  auto ticks = [&](double ms) { return std::max<std::size_t>(1, std::size_t(std::lround(ms * sr / 1000.0))); };
  const std::size_t t_row = ticks(30), t_rms100 = ticks(20), t_snap10 = ticks(10), t_metro = ticks(50);
  const std::size_t t_note = ticks(35), t_debounce = ticks(100), t_zero = ticks(217), t_peak = ticks(10);
  const std::size_t rms_len = std::max<std::size_t>(1, std::min<std::size_t>(44100, std::size_t(std::lround(p.ramp_ms * 44.1))));

  // Padded signal (zeros before the take) and its K-weighted copy.
  std::vector<double> x(kPad + count, 0.0), kw(kPad + count, 0.0);
  KWeighting kf(sr);
  for (std::size_t i = 0; i < count; ++i) {
    x[kPad + i] = mono[i];
    kw[kPad + i] = kf.process(mono[i]);
  }
  // Prefix sums of squares for the RMS windows (long double: no drift).
  std::vector<long double> sq(kPad + count + 1, 0.0L);
  for (std::size_t i = 0; i < x.size(); ++i) sq[i + 1] = sq[i] + (long double)x[i] * x[i];
  auto rms_last = [&](std::size_t s, std::size_t n) {  // over the n samples before time s
    const std::size_t end = kPad + s, begin = end >= n ? end - n : 0;
    return double(std::sqrt(std::max(0.0L, (sq[end] - sq[begin]) / (long double)n)));
  };

  Spectrum spec1(kPitchWindow, kPitchWindow), spec2(kShapeWindow, kShapeWindow);
  YinFft yin(kPitchWindow, kPitchWindow, sr, 20.0, std::min(10000.0, 0.45 * sr));
  ShapeParams sp;
  sp.sample_rate = sr;
  sp.fft = kShapeWindow;
  SpectralShape shape(sp);

  const double pitch_gate_db = p.sensitivity_db;
  const double onset_threshold = std::pow(10.0, p.transient_db / 20.0);  // dbtoa
  const double vel_floor = std::pow(10.0, -39.6 / 20.0);
  const double sens = std::clamp(p.sensitivity_db, -70.0, -10.0);
  const double spectral_gate = 0.0005 + (sens + 70.0) / 60.0 * (0.007 - 0.0005);  // zmap -70 -10 0.0005 0.007
  const double fc = std::clamp(20.0 + p.ramp_ms * (0.1 - 20.0) / 200.0, 0.1, 20.0);
  const double a0 = std::sin(fc * M_PI / (sr / 2));

  std::vector<double> prev_mag(kPitchWindow / 2 + 1, 0.0), odf_hist(5, 0.0);
  double prev_filtered = 0;
  int debounce = 0;
  int cur_pitch = 0;                       // the `int` after ftom: 0 until a pitch passes
  std::size_t gate_open_at = 0, note_due = SIZE_MAX, zero_due = SIZE_MAX;
  std::vector<int> note_pitch;
  std::vector<std::size_t> note_time;
  double amb_in = 0, dens_in = 0, rms_snap = 0;
  bool loud = false;
  double target[7] = {0, 0, 0, 0, 0, 0, 0}, y[7] = {0, 0, 0, 0, 0, 0, 0}, y_snap[7] = {0, 0, 0, 0, 0, 0, 0};

  auto update_density = [&](std::size_t now) {
    if (note_time.size() < 5) return;
    const double mean_ms = double(now - note_time[note_time.size() - 5]) * 1000.0 / sr / 5.0;
    const double d = mean_ms <= 0 ? 1.0 : std::clamp(75.0 / mean_ms, 0.0, 1.0);
    dens_in = std::floor(d) / 16.0;  // `pak i i`, then `vexpr $i1 / $f2` with 16
  };

  Table t;
  t.sample_rate = sample_rate;
  t.hop = int(t_row);
  t.window = kShapeWindow;
  t.source = source;
  t.names = explorer_features();
  t.units = {"semitones/24", "int(d)/16", "RMS", "Hz/10000", "Hz/10000", "1/10", "1/100", "Hz/20000",
             "(dB+40)/80", "dB/100"};
  t.preset = "lse";
  t.settings = lse_settings_json(p);

  for (std::size_t s = 0; s <= count; ++s) {
    if (s > 0) {  // the sample s-1 went through the seven onepole~ filters
      for (int k = 0; k < 7; ++k) y[k] += a0 * (target[k] - y[k]);
    }
    if (s > 0 && s % kPitchHop == 0) {
      const double* w = &x[kPad + s - kPitchWindow];
      const double lufs = mean_square_db(&kw[kPad + s - kPitchWindow], kPitchWindow, -0.691);
      spec1.compute(w);
      if (lufs > pitch_gate_db) {  // `> -35` -> gate~ before fluid.pitch~
        const PitchEstimate e = yin.process(spec1.power().data());
        if (e.confidence > 0.5 && e.hz > 0) cur_pitch = int(std::floor(69.0 + 12.0 * std::log2(e.hz / 441.0)));
      }
      // fluid.onsetslice~ @metric 2
      const auto& m = spec1.magnitude();
      double flux = 0;
      for (std::size_t k = 0; k < m.size(); ++k) {
        flux += std::max(0.0, m[k] - prev_mag[k]);
        prev_mag[k] = m[k];
      }
      flux /= double(m.size());
      std::rotate(odf_hist.begin(), odf_hist.begin() + 1, odf_hist.end());
      odf_hist.back() = flux;
      const double filtered = flux - median_of(odf_hist);
      if (filtered > onset_threshold && prev_filtered < onset_threshold && debounce == 0) {
        debounce = 2;
        if (s >= gate_open_at) {  // gate 1 1 + delay 100
          gate_open_at = s + t_debounce;
          note_due = s + t_note;
        }
      } else if (debounce > 0) {
        --debounce;
      }
      prev_filtered = filtered;
    }
    if (s == note_due) {
      note_due = SIZE_MAX;
      double peak = 0;
      for (std::size_t i = kPad + s - std::min(s, t_peak); i < kPad + s; ++i) peak = std::max(peak, std::fabs(x[i]));
      if (peak >= vel_floor) {
        note_pitch.push_back(cur_pitch);
        note_time.push_back(s);
        if (note_pitch.size() >= 5) {  // zl stream 5 -> maximum - minimum
          const auto b = note_pitch.end() - 5;
          amb_in = double(*std::max_element(b, note_pitch.end()) - *std::min_element(b, note_pitch.end())) / 24.0;
        }
        update_density(s);
      }
    }
    if (s % t_metro == 0) update_density(s);
    if (s % t_rms100 == 0) {
      const bool now_loud = rms_last(s, 100) > spectral_gate;
      if (loud && !now_loud) zero_due = s + t_zero;
      loud = now_loud;
    }
    if (s == zero_due) {
      zero_due = SIZE_MAX;
      std::fill(target, target + 7, 0.0);
    }
    if (s > 0 && s % kShapeHop == 0 && loud) {
      spec2.compute(&x[kPad + s - kShapeWindow]);
      const Shape h = shape.process(spec2.magnitude().data());
      const double v[7] = {h.centroid / 10000, h.spread / 10000, h.skewness / 10, h.kurtosis / 100,
                           h.rolloff / 20000, (h.flatness + 40) / 80, h.crest / 100};
      std::copy(v, v + 7, target);
    }
    if (s % t_snap10 == 0) std::copy(y, y + 7, y_snap);
    if (s % t_row == 0) {
      rms_snap = rms_last(s, rms_len);
      t.times.push_back(double(s) / sr);
      const double row[3] = {amb_in, dens_in, rms_snap};
      t.values.insert(t.values.end(), row, row + 3);
      t.values.insert(t.values.end(), y_snap, y_snap + 7);
    }
  }
  return t;
}

Table extract_lse(const std::string& audio_path, const LseParams& params, const ProgressFn& progress) {
  validate(params);
  audio::Reader reader(audio_path);
  const audio::Info& info = reader.info();
  if (info.sample_rate < 8000 || info.sample_rate > 768000)
    fail_input(audio_path, "sample rate " + std::to_string(info.sample_rate) + " Hz is outside 8000..768000 Hz");
  if (params.channel >= info.channels)
    fail_usage("--channel " + std::to_string(params.channel) + ": " + display_name(audio_path) + " has " +
               std::to_string(info.channels) + " channel(s) (0-based)");
  std::vector<float> all, buf(1 << 16);
  for (;;) {
    const std::int64_t got = reader.read_mono(buf.data(), std::int64_t(buf.size()), params.channel);
    if (got <= 0) break;
    all.insert(all.end(), buf.begin(), buf.begin() + got);
    if (progress && info.frames > 0) progress(0.5 * std::min(1.0, double(all.size()) / double(info.frames)));
  }
  Table t = extract_lse_samples(all.data(), all.size(), info.sample_rate, params, audio_path);
  if (progress) progress(1.0);
  return t;
}

}  // namespace lw::features

namespace lw::features {

void check_preset_name(const std::string& name, const std::string& option) {
  if (name != "latentwalk" && name != "lse")
    fail_usage(option + " must be latentwalk or lse (got '" + name + "')");
}

std::string config_settings(const FeatureConfig& c) {
  return c.preset == "lse" ? lse_settings_json(c.lse) : settings_json(c.params);
}

Table extract_config(const std::string& audio_path, const FeatureConfig& c, const std::vector<std::string>& names,
                     const ProgressFn& progress) {
  check_preset_name(c.preset, "--preset");
  if (c.preset == "lse") {
    if (!names.empty() && names != explorer_features())
      fail_usage("--preset lse computes the Latent Space Explorer's ten inputs (ambitus, density, loudness, "
                 "centroid, spread, skewness, kurtosis, rolloff, flatness, crest) in that order, not a selection");
    return extract_lse(audio_path, c.lse, progress);
  }
  return extract(audio_path, c.params, names, progress);
}

void check_table_preset(const Table& t, const std::string& preset, const std::string& settings,
                        const std::string& table_path, const std::string& what) {
  const std::string have = t.preset.empty() ? "latentwalk" : t.preset;
  if (have != preset)
    fail_input(table_path, "was made with --preset " + have + ", but " + what + " uses --preset " + preset +
                               " (features of one preset do not fit a dataset or model of another)");
  if (!t.preset.empty() && !settings.empty() && !t.settings.empty() && t.settings != settings)
    fail_input(table_path, "feature settings " + t.settings + " differ from " + what + "'s " + settings);
}

}  // namespace lw::features
