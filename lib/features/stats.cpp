#include "features/stats.hpp"

#include <algorithm>
#include <cmath>

#include "features/extract.hpp"
#include "core/error.hpp"

namespace lw::features {

double percentile_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const double rank = p / 100.0 * double(sorted.size() - 1);
  const std::size_t i = std::size_t(std::floor(rank));
  if (i + 1 >= sorted.size()) return sorted.back();
  const double f = rank - double(i);
  return sorted[i] + f * (sorted[i + 1] - sorted[i]);
}

std::vector<Summary> summarize(const Table& table, double from_sec, double to_sec) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < table.frames(); ++i) {
    const double t = table.times[i];
    if (t >= from_sec && (to_sec < 0 || t <= to_sec)) rows.push_back(i);
  }
  if (rows.empty())
    fail_usage("no frame between " + std::to_string(from_sec) + " s and " +
               (to_sec < 0 ? std::string("the end") : std::to_string(to_sec) + " s") + " (" +
               std::to_string(table.frames()) + " frames)");
  std::vector<Summary> out(table.columns());
  std::vector<double> v(rows.size());
  for (std::size_t c = 0; c < table.columns(); ++c) {
    double sum = 0;
    for (std::size_t j = 0; j < rows.size(); ++j) {
      v[j] = table.row(rows[j])[c];
      sum += v[j];
    }
    Summary& s = out[c];
    s.mean = sum / double(v.size());
    double ss = 0;
    for (double x : v) ss += (x - s.mean) * (x - s.mean);
    s.stddev = std::sqrt(ss / double(v.size()));
    std::sort(v.begin(), v.end());
    s.min = v.front();
    s.max = v.back();
    s.median = percentile_sorted(v, 50);
    s.p5 = percentile_sorted(v, 5);
    s.p95 = percentile_sorted(v, 95);
  }
  return out;
}

}  // namespace lw::features
