#include "explorer/control.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace lw::explorer {

OutputMap control_outputs(const Mlp& m, const std::string& model_path) {
  OutputMap map;
  const std::size_t n = m.output_count();
  if (m.bare()) {
    if (n < 2 || n > 4)
      fail_input(model_path, "a bare FluCoMa model needs 2 to 4 outputs (x, y[, noise[, ramp_ms]]) for a control "
                             "path; it has " + std::to_string(n));
    map.x = 0;
    map.y = 1;
    if (n > 2) map.noise = 2;
    if (n > 3) map.ramp_ms = 3;
    return map;
  }
  for (std::size_t i = 0; i < m.outputs.size(); ++i) {
    const std::string& name = m.outputs[i].name;
    int idx = static_cast<int>(i);
    if (name == "x") map.x = idx;
    else if (name == "y") map.y = idx;
    else if (name == "noise") map.noise = idx;
    else if (name == "ramp_ms") map.ramp_ms = idx;
  }
  if (map.x < 0 || map.y < 0)
    fail_input(model_path, "the model has no outputs named 'x' and 'y'; a control path needs them");
  if (map.noise >= 0 && m.outputs[static_cast<std::size_t>(map.noise)].min < 0)
    fail_input(model_path, "output 'noise' has a negative range minimum; noise must be >= 0");
  if (map.ramp_ms >= 0 && m.outputs[static_cast<std::size_t>(map.ramp_ms)].min < 0)
    fail_input(model_path, "output 'ramp_ms' has a negative range minimum; ramp_ms must be >= 0");
  return map;
}

std::vector<double> moving_average(const std::vector<double>& v, double rate_hz, double seconds) {
  if (!(seconds > 0) || v.empty()) return v;
  const long half = std::lround(seconds * rate_hz) / 2;
  if (half < 1) return v;
  // Prefix sums (Kahan-free is fine at these lengths; values are bounded).
  std::vector<double> sum(v.size() + 1, 0.0);
  for (std::size_t i = 0; i < v.size(); ++i) sum[i + 1] = sum[i] + v[i];
  std::vector<double> out(v.size());
  const long n = static_cast<long>(v.size());
  for (long i = 0; i < n; ++i) {
    long lo = std::max(0L, i - half), hi = std::min(n - 1, i + half);
    out[static_cast<std::size_t>(i)] =
        (sum[static_cast<std::size_t>(hi + 1)] - sum[static_cast<std::size_t>(lo)]) / static_cast<double>(hi - lo + 1);
  }
  return out;
}

walk::ControlPath predict_path(const Mlp& m, const OutputMap& map, const InputFrames& in, double smooth_seconds,
                               const std::string& source, const std::string& input_path) {
  const std::size_t nout = m.output_count(), nframes = in.rows.size();
  if (nframes == 0) fail_input(input_path, "has no frames to predict from");
  std::vector<std::vector<double>> cols(nout, std::vector<double>(nframes));
  for (std::size_t f = 0; f < nframes; ++f) {
    const auto& row = in.rows[f];
    if (row.size() != m.input_count())
      fail_input(input_path, "frame " + std::to_string(f) + ": " + std::to_string(row.size()) +
                                 " inputs, the model takes " + std::to_string(m.input_count()));
    for (double v : row)
      if (!std::isfinite(v)) fail_input(input_path, "frame " + std::to_string(f) + ": an input is not finite");
    std::vector<double> y = predict(m, row);
    for (std::size_t o = 0; o < nout; ++o) {
      double lo = m.bare() ? 0.0 : m.outputs[o].min, hi = m.bare() ? 1.0 : m.outputs[o].max;
      cols[o][f] = std::clamp(y[o], lo, hi);
    }
  }
  for (auto& c : cols) c = moving_average(c, in.rate_hz, smooth_seconds);
  walk::ControlPath p;
  p.rate_hz = in.rate_hz;
  p.source = source;
  p.frames.resize(nframes);
  auto col = [&](int idx, std::size_t f) { return idx < 0 ? 0.0 : cols[static_cast<std::size_t>(idx)][f]; };
  for (std::size_t f = 0; f < nframes; ++f) {
    walk::ControlFrame& c = p.frames[f];
    c.t = in.times[f];
    c.x = col(map.x, f);
    c.y = col(map.y, f);
    c.noise = std::max(0.0, col(map.noise, f));
    c.ramp_ms = std::max(0.0, col(map.ramp_ms, f));
  }
  return p;
}

}  // namespace lw::explorer
