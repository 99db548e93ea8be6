// The extraction pipeline: audio -> frame-wise features (the explorer's ten
// inputs and more), the latentwalk.features table, and its statistics.
//
// Framing follows FluCoMa's defaults: window 1024, hop 512, FFT 1024, periodic
// Hann, frames centred on k*hop with window/2 zeros of padding at both ends,
// floor(N/hop)+1 frames for N samples. Every feature of a frame is computed
// from one shared magnitude spectrum (one forward FFT per frame).
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace lw::features {

struct Params {
  // Framing (samples). fft >= window, zero padded.
  int window = 1024, hop = 512, fft = 1024;
  // Spectral shape: power instead of magnitude spectrum; frequencies as MIDI
  // pitch instead of Hz (also the unit of pitch); band limits in Hz
  // (max_freq <= 0 means Nyquist); rolloff percentage.
  bool power = false;
  bool midi_unit = false;
  double min_freq = 0, max_freq = 0;
  double rolloff = 95;
  // Loudness: K-weighted (ITU-R BS.1770) instead of plain RMS dBFS.
  bool kweight = false;
  // Pitch (YIN-FFT) search range in Hz.
  double pitch_min_freq = 90, pitch_max_freq = 2000;
  // Ambitus and density at note level (ambitus.hpp, density.hpp): over the
  // last ambitus_notes / density_notes notes (5, as the Latent Space
  // Explorer's `zl stream 5`); a note's pitch is the median of its frames
  // with pitch confidence >= min_confidence, from note_attack seconds after
  // its start.
  int ambitus_notes = 5, density_notes = 5;
  double min_confidence = 0.7, note_attack = 0.03;
  // Onsets: spectral-flux novelty minus its running median (median_window
  // seconds, centred) must exceed onset_threshold; onsets at least
  // onset_min_gap seconds apart.
  double onset_threshold = 0.045, onset_min_gap = 0.05, median_window = 0.25;
  // Channel to analyse (0-based); -1 mixes all channels to mono.
  int channel = -1;
};

// Checks ranges (hop > 0, fft >= window, ...); throws lw::Error (bad usage).
void validate(const Params& params);
// The settings that change feature values, as a compact JSON object.
std::string settings_json(const Params& params);

struct Table {
  int sample_rate = 0;
  int hop = 0;
  int window = 0;
  std::string source;                     // input file, for provenance
  // The preset that made the table ("latentwalk" or "lse"; empty: a file
  // written before presets were recorded) and its feature settings as a
  // compact JSON object (no spaces): what a dataset or model made from the
  // table must agree with.
  std::string preset, settings;
  std::vector<std::string> names, units;  // one per column
  std::vector<double> times;              // frame centres, seconds
  std::vector<double> values;             // frames x names, row-major
  std::size_t frames() const { return times.size(); }
  std::size_t columns() const { return names.size(); }
  const double* row(std::size_t i) const { return values.data() + i * names.size(); }
  // Column index of a name, or -1.
  int column(const std::string& name) const;
};

// The ten explorer inputs, in DESIGN order: ambitus, density, loudness,
// centroid, spread, skewness, kurtosis, rolloff, flatness, crest.
const std::vector<std::string>& explorer_features();
// Every feature extract() knows: the ten, then pitch, confidence,
// onset_strength, peak.
const std::vector<std::string>& all_features();
// Unit of a feature under these parameters ("Hz", "MIDI", "dBFS", "" ...).
std::string unit_of(const std::string& name, const Params& params);

// Progress callback: fraction done in [0, 1].
using ProgressFn = std::function<void(double)>;

// Reads the audio file block by block (memory for audio does not grow with
// its length) and computes the named features; names empty = the ten.
// Throws lw::Error naming the file for unreadable input and an unknown name.
Table extract(const std::string& audio_path, const Params& params,
              const std::vector<std::string>& names, const ProgressFn& progress = {});
// The same on mono samples in memory (tests, synthetic signals).
Table extract_samples(const float* mono, std::size_t count, int sample_rate, const Params& params,
                      const std::vector<std::string>& names);

// Onset times (seconds) from a table holding "onset_strength" (extract with
// that name), picked with params' threshold, minimum gap and median window.
std::vector<double> onset_times(const Table& table, const Params& params);

// latentwalk.features JSON or CSV (chosen by content). Errors name the file
// and the line/key.
Table read_table(const std::string& path);
// Writes JSON when `path` ends in .json, CSV otherwise ("-" = CSV on stdout).
void write_table(const Table& table, const std::string& path);
std::string table_json(const Table& table);
std::string table_csv(const Table& table);

// Per feature over the frames with from_sec <= time <= to_sec (to_sec < 0 =
// to the end). Percentiles interpolate linearly between order statistics
// (numpy's default); stddev is the population standard deviation. Throws
// lw::Error (bad usage) when the range holds no frame.
struct Summary {
  double mean = 0, stddev = 0, min = 0, max = 0, median = 0, p5 = 0, p95 = 0;
};
std::vector<Summary> summarize(const Table& table, double from_sec, double to_sec);

}  // namespace lw::features
