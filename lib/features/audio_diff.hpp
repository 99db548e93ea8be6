// Regression comparison of two audio files, for CI: length, channels,
// sample rate, peak and RMS level, maximum sample difference, log-spectral
// distance and the mean difference of each feature, each against a
// tolerance. Both files are read block by block in step.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "features/extract.hpp"

namespace lw::features {

// Defaults are for "the same render on another machine": float rounding
// differences pass, an audible change does not.
struct Tolerances {
  double length = 0;           // samples (frames)
  double peak_db = 0.1;        // |peak level A - B|, dB
  double rms_db = 0.1;         // |RMS level A - B|, dB
  double max_abs_diff = 1e-3;  // max |a - b| over samples (full scale 1)
  double lsd_db = 0.5;         // log-spectral distance, dB
  std::map<std::string, double> features;  // |mean A - mean B| per feature
};
Tolerances default_tolerances();
// YAML: the keys above (features: {name: tol}) override `base`. Unknown keys
// are refused, naming the file and the key.
Tolerances read_tolerances(const std::string& path, Tolerances base);

struct Measure {
  std::string name, unit;
  double a = 0, b = 0, diff = 0, tolerance = 0;
  bool compared = true;  // false when it cannot be measured (e.g. different rates)
  bool ok = true;
};
struct DiffReport {
  std::vector<Measure> measures;
  bool ok() const;
};

// Feature means use `params` and the features named in `tol.features`.
DiffReport diff_audio(const std::string& a, const std::string& b, const Params& params, const Tolerances& tol);

}  // namespace lw::features
