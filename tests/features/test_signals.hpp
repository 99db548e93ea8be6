// Synthetic signals with known answers, shared by the feature tests.
#pragma once
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace lw::features::test {

inline std::vector<float> sine(double hz, double seconds, double amp = 0.5, int sr = 44100) {
  std::vector<float> x(std::size_t(seconds * sr));
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = float(amp * std::sin(2 * M_PI * hz * double(i) / sr));
  return x;
}

// Harmonic tone: partials 1..n with amplitude 1/k.
inline std::vector<float> harmonic(double hz, double seconds, int n = 8, double amp = 0.3, int sr = 44100) {
  std::vector<float> x(std::size_t(seconds * sr));
  for (std::size_t i = 0; i < x.size(); ++i) {
    double v = 0;
    for (int k = 1; k <= n; ++k) v += std::sin(2 * M_PI * hz * k * double(i) / sr) / k;
    x[i] = float(amp * v);
  }
  return x;
}

inline std::vector<float> white_noise(double seconds, double amp = 0.3, int sr = 44100, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0.0, amp);
  std::vector<float> x(std::size_t(seconds * sr));
  for (auto& v : x) v = float(n(rng));
  return x;
}

inline std::vector<double> to_double(const std::vector<float>& x) { return {x.begin(), x.end()}; }

}  // namespace lw::features::test
