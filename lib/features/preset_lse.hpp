// --preset lse: the input vector of the Latent Space Explorer (LSE), the Max
// for Live device of Lunt et al. (AIMC 2023; hfmnuernberg/Latent-Space-
// Explorer, LatentSpaceExplorer/Latent-Space-Explorer_v6.amxd, MIT), as the
// patch computes it. What we followed, object by object (device defaults:
// Sensitivity -35 dB, Transient Threshold -34.92 dB, Input Parameter Ramp
// Time 500 ms, pitch FFT menu "1024"):
//
//  notes ("p audio-to-midi-omax"):
//   - fluid.loudness~ (1024/512, K-weighted) > Sensitivity opens gate~ in
//     front of fluid.pitch~ @fftsettings 1024 (YIN-FFT, 20..10000 Hz);
//   - a pitch passes when its confidence > 0.5 (`> 0.5` -> gate), through
//     `ftom @base 441` into an `int`: MIDI = floor(69 + 12 log2(f / 441));
//   - fluid.onsetslice~ @metric 2 (spectral flux: mean over bins of
//     max(0, |X_n| - |X_n-1|), minus the median of the last 5 values,
//     @filtersize 5), @threshold = dbtoa(Transient Threshold) (the live.slider
//     overrides the box's 0.15), @minslicelength 2 hops; an onset when the
//     filtered value rises through the threshold;
//   - `gate 1 1` closed for 100 ms after each onset (`delay 100`); `del 35`:
//     the note is the last passed pitch 35 ms after the onset; it counts when
//     its velocity (peakfollow~ -> atodb~ -> scale~ -40 0 0 100, int) > 0,
//     approximated here by the peak of the last 10 ms above -39.6 dBFS.
//  ambitus: `zl stream 5` -> maximum - minimum, an int, / 24 (`vexpr $i1 / $f2`
//     with the two flonums 24 and 16); 0 until five notes.
//  density ("p note-density"): cpuclock of the last 5 notes (`zl stream 5`),
//     every 50 ms (`metro 50`) the mean of the 4 inter-onset intervals and the
//     time since the last note: d = clip(75 / mean_ms, 0, 1) (`scale 0. 15000
//     0 1.`, `!/ 1.`, `zmap 0 200 0 1`); it enters `pak i i`, so the model
//     sees int(d) / 16: 0.0625 while the last 5 notes and the gap fit in
//     375 ms (13.3 notes/s and faster), else 0. This truncation is the
//     device's and kept (the TestModel's density weights are near zero).
//  loudness: `average~ 44100 @mode rms` over Ramp Time * 44.1 samples,
//     `snapshot~ 30`: the plain RMS amplitude, not scaled.
//  spectral shape: fluid.spectralshape~ @fftsettings 2048 (hop 1024, Hz,
//     magnitude) passes (`gswitch2`) while the RMS of the last 100 samples
//     (`average~ 100 @mode rms`, `snapshot~ 20`) > zmap(Sensitivity, -70..-10
//     -> 0.0005..0.007); 217 ms after it falls below (`delay 217`) the seven
//     targets are set to 0. "p scaling": centroid / 10000, spread / 10000,
//     skewness / 10, kurtosis / 100, rolloff / 20000, (flatness + 40) / 80,
//     crest / 100 (`scale`, not clipped), then `onepole~` (a0 = sin(fc pi /
//     nyquist)) with fc = 20 + ramp (0.1 - 20) / 200 Hz (`scale 0. 200. 20.
//     0.1`), read by `snapshot~ 10`.
//  the vector: `join 3 @triggers 1`, sent when the loudness updates: one row
//     every 30 ms, [ambitus, density, loudness, centroid, spread, skewness,
//     kurtosis, rolloff, flatness, crest].
//
// Not reproducible: Max's scheduler (metro/snapshot~/delay run on the control
// thread, not sample-exactly; here every tick falls on the nearest sample),
// peakfollow~'s exact decay, gate~'s switching latency (here: pitch frames
// count while the loudness frame ending at the same sample is above the
// Sensitivity), and a Ramp Time above 200 ms, where `scale` gives onepole~ a
// negative cutoff (its reference defines none): fc is clamped to 0.1..20 Hz.
#pragma once
#include <string>

#include "features/extract.hpp"

namespace lw::features {

struct LseParams {
  double sensitivity_db = -35;         // "Sensitivity" dial
  double transient_db = -34.921681307031;  // "Transient Threshold" slider
  double ramp_ms = 500;                // "Input Parameter Ramp Time" dial
  int channel = -1;
};

// Settings text in one form (keys sorted, no spaces) so that equal settings
// compare equal as strings; text that is not JSON is returned as it is.
std::string canonical_settings(const std::string& text);
// The settings as a JSON object (stored with tables, datasets and models).
std::string lse_settings_json(const LseParams& p);
void validate(const LseParams& p);

// One row every 30 ms (hop = round(0.03 sr)), the ten explorer names, the
// values the device feeds fluid.mlpregressor~.
Table extract_lse(const std::string& audio_path, const LseParams& params, const ProgressFn& progress = {});
Table extract_lse_samples(const float* mono, std::size_t count, int sample_rate, const LseParams& params,
                          const std::string& source = "<samples>");

}  // namespace lw::features

namespace lw::features {

// A feature preset with its settings: "latentwalk" (extract() with Params)
// or "lse" (extract_lse() with LseParams).
struct FeatureConfig {
  std::string preset = "latentwalk";
  Params params;
  LseParams lse;
};

// Throws lw::Error (bad usage) for an unknown preset name.
void check_preset_name(const std::string& name, const std::string& option);
// The settings of the configuration as extract would record them.
std::string config_settings(const FeatureConfig& c);
// extract() or extract_lse(); with "lse", `names` must be empty or the ten.
Table extract_config(const std::string& audio_path, const FeatureConfig& c, const std::vector<std::string>& names,
                     const ProgressFn& progress = {});
// Refuses (Exit::BadInput, naming `what` and `table_path`) a table made with
// another preset or other settings than `preset`/`settings`. A table without
// a recorded preset counts as "latentwalk" with unknown settings (accepted
// for "latentwalk").
void check_table_preset(const Table& t, const std::string& preset, const std::string& settings,
                        const std::string& table_path, const std::string& what);

}  // namespace lw::features
