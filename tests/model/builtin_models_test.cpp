// What a user of builtin:voices relies on: the latent space moves between
// breathy noise and voiced sounds, stereo is decorrelated by the latent, and
// an exported file gives the same samples in Python's torch.
#include "model/builtin_models.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "model/latent_model.hpp"
#include "model/torch_runtime.hpp"
#include "test_models.hpp"

using namespace lw;
using namespace lw::model;

namespace {

// Spectral flatness (geometric / arithmetic mean of the power spectrum):
// near 1 for noise, near 0 for a harmonic sound.
double flatness(const torch::Tensor& mono) {
  auto p = torch::abs(torch::fft::rfft(mono.flatten() * torch::hann_window(mono.numel()))).pow(2) + 1e-12;
  return (torch::exp(torch::mean(torch::log(p))) / torch::mean(p)).item<double>();
}

torch::Tensor constant_latent(double dim2, double dim0 = 0) {
  auto z = torch::zeros({1, 8, 12});
  z.index_put_({0, 2}, dim2);
  z.index_put_({0, 0}, dim0);
  return z;
}

// Dominant frequency below 1 kHz of a voiced sound (Hz).
double low_peak(const torch::Tensor& mono, int rate) {
  auto x = mono.flatten();
  auto p = torch::abs(torch::fft::rfft(x * torch::hann_window(x.numel())));
  const int64_t max_bin = int64_t(1000.0 * x.numel() / rate);
  auto idx = p.slice(0, 1, max_bin).argmax().item<int64_t>() + 1;
  return double(idx) * rate / double(x.numel());
}

}  // namespace

TEST(BuiltinVoices, LatentMovesFromBreathyNoiseToVoiced) {
  auto m = LatentModel::load("builtin:voices");
  seed_torch(3);
  const double noisy = flatness(m.decode(constant_latent(-3)).slice(2, 4096, 20480));
  const double mid = flatness(m.decode(constant_latent(0)).slice(2, 4096, 20480));
  const double voiced = flatness(m.decode(constant_latent(3)).slice(2, 4096, 20480));
  EXPECT_GT(noisy, 0.2);
  EXPECT_LT(voiced, 0.02);
  EXPECT_GT(noisy, mid);
  EXPECT_GT(mid, voiced);
}

TEST(BuiltinVoices, PitchFollowsTheLatentAndSitsOnTheFrameRateSeries) {
  auto m = LatentModel::load("builtin:voices");
  seed_torch(3);
  std::vector<double> peaks;
  for (double d0 : {-3.0, 0.0, 3.0}) peaks.push_back(low_peak(m.decode(constant_latent(3, d0)).slice(2, 4096, 20480), 48000));
  // different voices for different positions
  EXPECT_NE(peaks.front(), peaks.back());
  for (double f : peaks) {
    EXPECT_GT(f, 80);
    EXPECT_LT(f, 1000);
  }
}

TEST(BuiltinVoices, LevelIsSane) {
  auto m = LatentModel::load("builtin:voices");
  seed_torch(5);
  auto z = torch::linspace(-3, 3, 8 * 40).reshape({1, 8, 40});
  auto y = m.decode(z);
  EXPECT_TRUE(torch::isfinite(y).all().item<bool>());
  const double peak = y.abs().max().item<double>();
  EXPECT_GT(peak, 0.01);
  EXPECT_LT(peak, 1.0);
}

TEST(BuiltinVoices, StereoIsDecorrelatedByTheLatent) {
  auto m = LatentModel::load("builtin:voices-stereo");
  auto corr = [&](double dim6) {
    seed_torch(9);
    auto z = torch::zeros({1, 8, 12});
    z.index_put_({0, 2}, 2.0);
    z.index_put_({0, 6}, dim6);
    auto y = m.decode(z).slice(2, 4096, 20480);
    auto l = y[0][0], r = y[0][1];
    return ((l * r).sum() / torch::sqrt((l * l).sum() * (r * r).sum())).item<double>();
  };
  const double narrow = corr(-3), wide = corr(3);
  EXPECT_GT(narrow, 0.8);
  EXPECT_LT(wide, narrow - 0.2);
}

TEST(BuiltinVoices, ExportedFileGivesTheSameSamplesInPython) {
  auto m = LatentModel::load("builtin:voices-stereo");
  const auto model_path = test::temp_file("voices-stereo-export.ts");
  std::ofstream(model_path, std::ios::binary) << m.bytes();
  auto z = torch::linspace(-3, 3, 8 * 16).reshape({1, 8, 16}).contiguous();
  const auto z_path = test::temp_file("z.f32"), y_path = test::temp_file("y.f32");
  std::ofstream(z_path, std::ios::binary).write(reinterpret_cast<const char*>(z.data_ptr<float>()), z.numel() * 4);
  seed_torch(11);
  auto y = m.decode(z);
  const std::string cmd = "/usr/bin/python3 -c \"import torch, numpy; m = torch.jit.load('" + model_path +
                          "'); z = torch.from_numpy(numpy.fromfile('" + z_path +
                          "', dtype=numpy.float32).reshape(1, 8, 16)); torch.manual_seed(11); "
                          "m.decode(z).detach().numpy().astype(numpy.float32).tofile('" + y_path + "')\"";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream in(y_path, std::ios::binary);
  std::vector<float> py(std::size_t(y.numel()));
  in.read(reinterpret_cast<char*>(py.data()), std::streamsize(py.size() * 4));
  ASSERT_EQ(in.gcount(), std::streamsize(py.size() * 4)) << "python wrote a different number of samples";
  const float* cy = y.data_ptr<float>();
  double diff = 0, peak = 0;
  for (std::size_t i = 0; i < py.size(); ++i) {
    diff = std::max(diff, double(std::fabs(py[i] - cy[i])));
    peak = std::max(peak, double(std::fabs(cy[i])));
  }
  EXPECT_GT(peak, 0.01);
  EXPECT_LT(diff, 1e-5);
}
