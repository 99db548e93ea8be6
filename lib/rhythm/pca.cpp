#include "rhythm/pca.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

namespace lw::rhythm {
namespace {

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t j = 0; j < a.size(); ++j) s += a[j] * b[j];
  return s;
}

// Removes from v its parts along the (unit, orthogonal) vectors of `basis`.
void deflate(std::vector<double>& v, const std::vector<std::vector<double>>& basis) {
  for (const auto& u : basis) {
    const double d = dot(v, u);
    for (std::size_t j = 0; j < v.size(); ++j) v[j] -= d * u[j];
  }
}

}  // namespace

std::vector<std::vector<double>> principal_scores(const std::vector<Pattern>& loops, int k) {
  const std::size_t n = loops.size();
  std::vector<std::vector<double>> scores(n, std::vector<double>(std::size_t(std::max(k, 0)), 0.0));
  if (n < 2 || k <= 0) return scores;
  const std::size_t c = loops[0].onset.size();
  // Centred onset grids, one row per loop.
  std::vector<std::vector<double>> x(n, std::vector<double>(c));
  double total = 0;  // trace of X^T X
  for (std::size_t j = 0; j < c; ++j) {
    double mean = 0;
    for (const auto& p : loops) mean += p.onset[j];
    mean /= double(n);
    for (std::size_t i = 0; i < n; ++i) {
      x[i][j] = loops[i].onset[j] - mean;
      total += x[i][j] * x[i][j];
    }
  }
  if (total <= 0) return scores;
  std::vector<std::vector<double>> found;  // unit loadings of the components so far
  std::vector<double> proj(n);
  auto project = [&](const std::vector<double>& v) {  // proj = X v
    for (std::size_t i = 0; i < n; ++i) proj[i] = dot(x[i], v);
  };
  for (int comp = 0; comp < k; ++comp) {
    std::vector<double> v(c), w(c);
    for (std::size_t j = 0; j < c; ++j) v[j] = 1.0 + double(j % 7) / 7.0;  // a fixed, non-degenerate start
    deflate(v, found);
    double lambda = 0;
    for (int it = 0; it < 2000; ++it) {
      const double vn = std::sqrt(dot(v, v));
      if (vn == 0) break;
      for (auto& a : v) a /= vn;
      project(v);  // w = X^T X v, kept orthogonal to the earlier components
      std::fill(w.begin(), w.end(), 0.0);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < c; ++j) w[j] += proj[i] * x[i][j];
      deflate(w, found);
      lambda = dot(w, v);
      const double wn = std::sqrt(dot(w, w));
      // Nothing left beyond the earlier components: w is rounding error,
      // and renormalising it would turn the error back into one of them.
      if (wn <= 1e-9 * total) {
        lambda = 0;
        break;
      }
      double diff = 0;
      for (std::size_t j = 0; j < c; ++j) diff += std::fabs(w[j] / wn - v[j]);
      v.swap(w);
      if (diff < 1e-12 * double(c)) break;
    }
    if (lambda <= 1e-9 * total) break;  // the loops vary in fewer directions: the rest stay zero
    const double vn = std::sqrt(dot(v, v));
    for (auto& a : v) a /= vn;
    const auto big = std::max_element(v.begin(), v.end(), [](double a, double b) { return std::fabs(a) < std::fabs(b); });
    if (*big < 0)
      for (auto& a : v) a = -a;
    found.push_back(v);
    project(v);
    const double sd = std::sqrt(dot(proj, proj) / double(n));
    for (std::size_t i = 0; i < n; ++i) scores[i][std::size_t(comp)] = proj[i] / sd;
  }
  return scores;
}

}  // namespace lw::rhythm
