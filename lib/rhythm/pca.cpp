#include "rhythm/pca.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace lw::rhythm {

std::vector<std::vector<double>> principal_scores(const std::vector<Pattern>& loops, int k) {
  const std::size_t n = loops.size();
  std::vector<std::vector<double>> scores(n, std::vector<double>(std::size_t(std::max(k, 0)), 0.0));
  if (n < 2 || k <= 0) return scores;
  const std::size_t c = loops[0].onset.size();
  // Centred data, row-major n x c.
  std::vector<double> x(n * c);
  std::vector<double> mean(c, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < c; ++j) mean[j] += loops[i].onset[j];
  for (auto& m : mean) m /= double(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < c; ++j) {
      x[i * c + j] = loops[i].onset[j] - mean[j];
      total += x[i * c + j] * x[i * c + j];
    }
  if (total <= 0) return scores;
  std::vector<std::vector<double>> found;  // unit loadings of the components so far
  std::vector<double> v(c), w(c), proj(n);
  for (int comp = 0; comp < k; ++comp) {
    // A fixed, non-degenerate start vector.
    for (std::size_t j = 0; j < c; ++j) v[j] = 1.0 + double(j % 7) / 7.0;
    double lambda = 0;
    for (int it = 0; it < 2000; ++it) {
      for (const auto& u : found) {  // deflate: stay orthogonal to earlier components
        double d = 0;
        for (std::size_t j = 0; j < c; ++j) d += v[j] * u[j];
        for (std::size_t j = 0; j < c; ++j) v[j] -= d * u[j];
      }
      double norm = 0;
      for (double a : v) norm += a * a;
      norm = std::sqrt(norm);
      if (norm == 0) break;
      for (auto& a : v) a /= norm;
      // w = X^T X v
      for (std::size_t i = 0; i < n; ++i) {
        double d = 0;
        for (std::size_t j = 0; j < c; ++j) d += x[i * c + j] * v[j];
        proj[i] = d;
      }
      std::fill(w.begin(), w.end(), 0.0);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < c; ++j) w[j] += proj[i] * x[i * c + j];
      double next = 0, diff = 0;
      for (std::size_t j = 0; j < c; ++j) next += w[j] * v[j];
      for (const auto& u : found) {
        double d = 0;
        for (std::size_t j = 0; j < c; ++j) d += w[j] * u[j];
        for (std::size_t j = 0; j < c; ++j) w[j] -= d * u[j];
      }
      double wn = 0;
      for (double a : w) wn += a * a;
      wn = std::sqrt(wn);
      // Nothing left beyond the earlier components (a unit v whose image is
      // rounding error): renormalising it would turn the error back into
      // one of them.
      if (wn <= 1e-9 * total) {
        lambda = 0;
        break;
      }
      for (std::size_t j = 0; j < c; ++j) diff += std::fabs(w[j] / wn - v[j]);
      v = w;
      lambda = next;
      if (diff < 1e-12 * double(c)) break;
    }
    double norm = 0;
    for (double a : v) norm += a * a;
    norm = std::sqrt(norm);
    // Components carrying (numerically) nothing stay zero.
    if (norm == 0 || lambda <= 1e-9 * total) break;
    for (auto& a : v) a /= norm;
    std::size_t big = 0;
    for (std::size_t j = 1; j < c; ++j)
      if (std::fabs(v[j]) > std::fabs(v[big])) big = j;
    if (v[big] < 0)
      for (auto& a : v) a = -a;
    found.push_back(v);
    double s2 = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double d = 0;
      for (std::size_t j = 0; j < c; ++j) d += x[i * c + j] * v[j];
      scores[i][std::size_t(comp)] = d;
      s2 += d * d;
    }
    const double sd = std::sqrt(s2 / double(n));
    for (std::size_t i = 0; i < n; ++i) scores[i][std::size_t(comp)] /= sd;
  }
  return scores;
}

}  // namespace lw::rhythm
