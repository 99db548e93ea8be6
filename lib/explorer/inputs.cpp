#include "explorer/inputs.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/numfmt.hpp"

namespace lw::explorer {

namespace {
bool in_passage(double t, double from, double to) { return t >= from && (to < 0 || t <= to); }

std::string passage_text(double from, double to) {
  return format_double(from) + ".." + (to < 0 ? std::string("end") : format_double(to)) + " s";
}
}  // namespace

std::vector<std::size_t> table_columns(const features::Table& t, const std::vector<std::string>& names,
                                       const std::string& path) {
  std::vector<std::size_t> cols;
  for (const auto& n : names) {
    int c = t.column(n);
    if (c < 0) fail_input(path, "has no feature '" + n + "'");
    cols.push_back(static_cast<std::size_t>(c));
  }
  return cols;
}

std::vector<double> passage_mean(const features::Table& t, const std::vector<std::string>& names, double from,
                                 double to, const std::string& path) {
  auto cols = table_columns(t, names, path);
  std::vector<double> sum(cols.size(), 0.0);
  std::size_t count = 0;
  for (std::size_t f = 0; f < t.frames(); ++f) {
    if (!in_passage(t.times[f], from, to)) continue;
    const double* row = t.row(f);
    for (std::size_t i = 0; i < cols.size(); ++i) sum[i] += row[cols[i]];
    ++count;
  }
  if (count == 0) fail_input(path, "no feature frame lies in the passage " + passage_text(from, to));
  for (std::size_t i = 0; i < cols.size(); ++i) {
    sum[i] /= static_cast<double>(count);
    if (!std::isfinite(sum[i]))
      fail_input(path, "feature '" + names[i] + "' is not finite over " + passage_text(from, to));
  }
  return sum;
}

InputFrames table_frames(const features::Table& t, const std::vector<std::string>& names, double from, double to,
                         const std::string& path) {
  auto cols = table_columns(t, names, path);
  InputFrames out;
  out.rate_hz = t.hop > 0 ? static_cast<double>(t.sample_rate) / t.hop : 0;
  for (std::size_t f = 0; f < t.frames(); ++f) {
    if (!in_passage(t.times[f], from, to)) continue;
    const double* row = t.row(f);
    std::vector<double> v(cols.size());
    for (std::size_t i = 0; i < cols.size(); ++i) {
      v[i] = row[cols[i]];
      if (!std::isfinite(v[i]))
        fail_input(path, "frame " + std::to_string(f) + " (t=" + format_double(t.times[f]) + " s): feature '" +
                             names[i] + "' is not finite");
    }
    out.times.push_back(t.times[f]);
    out.rows.push_back(std::move(v));
  }
  if (out.rows.empty()) fail_input(path, "no feature frame lies in the passage " + passage_text(from, to));
  return out;
}

}  // namespace lw::explorer
