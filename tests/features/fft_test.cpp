#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <random>

#include "features/fft.hpp"
#include "features/stft.hpp"

using namespace lw::features;

TEST(RealFft, MatchesNaiveDftAndInverts) {
  for (std::size_t n : {2u, 4u, 8u, 16u, 32u, 1024u, 1536u, 4096u}) {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<double> x(n), back(n);
    for (auto& v : x) v = u(rng);
    std::vector<std::complex<double>> X(n / 2 + 1);
    RealFft f(n);
    f.forward(x.data(), X.data());
    for (std::size_t k = 0; k <= n / 2; k += 7) {
      std::complex<double> ref = 0;
      for (std::size_t i = 0; i < n; ++i) ref += x[i] * std::polar(1.0, -2 * M_PI * double(k * i) / double(n));
      EXPECT_NEAR(std::abs(X[k] - ref), 0.0, 1e-9 * double(n)) << "n=" << n << " k=" << k;
    }
    f.inverse(X.data(), back.data());
    for (std::size_t i = 0; i < n; ++i) ASSERT_NEAR(back[i], x[i], 1e-12);
  }
}

TEST(Framer, CentredFramesWithZeroPaddingAndFlooredCount) {
  // 10 samples, window 4, hop 3: floor(10/3)+1 = 4 frames centred on 0,3,6,9.
  std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  Framer fr(4, 3);
  fr.push(x.data(), 3);  // block size must not matter
  fr.push(x.data() + 3, 7);
  fr.finish();
  std::vector<std::vector<double>> frames;
  while (const double* f = fr.next()) frames.emplace_back(f, f + 4);
  ASSERT_EQ(frames.size(), 4u);
  EXPECT_EQ(frame_count(10, 3), 4);
  EXPECT_EQ(frames[0], (std::vector<double>{0, 0, 1, 2}));
  EXPECT_EQ(frames[1], (std::vector<double>{2, 3, 4, 5}));
  EXPECT_EQ(frames[3], (std::vector<double>{8, 9, 10, 0}));
}

TEST(Hann, IsPeriodic) {
  auto w = hann_periodic(8);
  EXPECT_DOUBLE_EQ(w[0], 0.0);
  EXPECT_DOUBLE_EQ(w[4], 1.0);
  EXPECT_NEAR(w[2], 0.5, 1e-15);
  EXPECT_NEAR(w[6], 0.5, 1e-15);
}

TEST(EvenInverse, MatchesTheGeneralInverseOnPowerSpectra) {
  for (std::size_t n : {4u, 8u, 12u, 1024u, 1536u, 2048u, 1030u}) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<double> x(n), full(n), even(n / 2 + 1), power(n / 2 + 1);
    for (auto& v : x) v = u(rng);
    std::vector<std::complex<double>> X(n / 2 + 1), P(n / 2 + 1);
    RealFft f(n);
    f.forward(x.data(), X.data());
    for (std::size_t k = 0; k <= n / 2; ++k) {
      power[k] = std::norm(X[k]);
      P[k] = power[k];
    }
    f.inverse(P.data(), full.data());
    EvenInverse e(n);
    e.run(power.data(), even.data());
    for (std::size_t t = 0; t <= n / 2; ++t) ASSERT_NEAR(even[t], full[t], 1e-12 * std::fabs(full[0])) << n << " " << t;
  }
}
