#include <gtest/gtest.h>

#include <cmath>

#include "features/extract.hpp"
#include "features/spectral_shape.hpp"
#include "features/stft.hpp"
#include "test_signals.hpp"

using namespace lw::features;
using namespace lw::features::test;

namespace {

// Mean of one column over frames fully inside the signal.
double mean_of(const Table& t, const std::string& name) {
  const int c = t.column(name);
  double s = 0;
  std::size_t n = 0;
  for (std::size_t i = 2; i + 2 < t.frames(); ++i, ++n) s += t.row(i)[c];
  return s / double(n);
}

}  // namespace

TEST(SpectralShape, SineCentroidIsItsFrequency) {
  // 1033.59 Hz = bin 24 exactly at 1024/44100: the Hann main lobe is
  // symmetric around it.
  const double f = 24 * 44100.0 / 1024;
  auto x = sine(f, 1.0);
  Table t = extract_samples(x.data(), x.size(), 44100, Params{}, {"centroid", "spread", "crest", "rolloff"});
  EXPECT_NEAR(mean_of(t, "centroid"), f, 0.5);
  EXPECT_LT(mean_of(t, "spread"), 60.0);  // main lobe only
  EXPECT_GT(mean_of(t, "crest"), 40.0);   // one peak over 513 bins
  EXPECT_NEAR(mean_of(t, "rolloff"), f, 44100.0 / 1024 * 1.5);
}

TEST(SpectralShape, MidiUnitGivesPitchOfTheCentroid) {
  auto x = sine(440.0, 1.0);
  Params p;
  p.midi_unit = true;
  p.fft = 8192;  // narrow bins so the main lobe is a fraction of a semitone
  p.window = 8192;
  Table t = extract_samples(x.data(), x.size(), 44100, p, {"centroid"});
  EXPECT_NEAR(mean_of(t, "centroid"), 69.0, 0.2);
  EXPECT_EQ(t.units[0], "MIDI");
}

TEST(SpectralShape, WhiteNoiseIsFlat) {
  // Magnitudes of Gaussian noise are Rayleigh distributed: geometric over
  // arithmetic mean = (2/sqrt(pi)) exp(-gamma/2), i.e. -1.46 dB; for the
  // power spectrum (exponential) exp(-gamma), 20 log10 = -5.01 dB.
  auto x = white_noise(5.0);
  Table t = extract_samples(x.data(), x.size(), 44100, Params{}, {"flatness", "centroid", "rolloff", "skewness"});
  const double gamma = 0.5772156649015329;
  EXPECT_NEAR(mean_of(t, "flatness"), 20 * std::log10(2 / std::sqrt(M_PI) * std::exp(-gamma / 2)), 0.15);
  EXPECT_NEAR(mean_of(t, "centroid"), 22050.0 / 2, 300);
  EXPECT_NEAR(mean_of(t, "rolloff"), 0.95 * 22050, 400);
  EXPECT_NEAR(mean_of(t, "skewness"), 0.0, 0.05);
  Params pw;
  pw.power = true;
  Table tp = extract_samples(x.data(), x.size(), 44100, pw, {"flatness"});
  EXPECT_NEAR(mean_of(tp, "flatness"), 20 * std::log10(std::exp(-gamma)), 0.3);
}

TEST(SpectralShape, UniformSpectrumMomentsAndKurtosis) {
  // A flat spectrum over bins 0..512: kurtosis of a uniform distribution is
  // 1.8, skewness 0, flatness and crest 0 dB, rolloff at 95 % of the band.
  ShapeParams sp;
  SpectralShape s(sp);
  std::vector<double> mag(513, 2.0);
  const Shape r = s.process(mag.data());
  EXPECT_NEAR(r.centroid, 22050.0 / 2, 1e-6);
  EXPECT_NEAR(r.skewness, 0.0, 1e-9);
  EXPECT_NEAR(r.kurtosis, 1.8, 0.01);
  EXPECT_NEAR(r.flatness, 0.0, 1e-9);
  EXPECT_NEAR(r.crest, 0.0, 1e-9);
  EXPECT_NEAR(r.rolloff, 0.95 * 22050, 44100.0 / 1024);
}

TEST(SpectralShape, RolloffInterpolatesBetweenBins) {
  // Weights 1 at bins 0 and 1 only: 95 % of the sum (1.9) is reached at bin 1,
  // 0.9 of the way from bin 0 to bin 1.
  ShapeParams sp;
  SpectralShape s(sp);
  std::vector<double> mag(513, 0.0);
  mag[0] = mag[1] = 1.0;
  EXPECT_NEAR(s.process(mag.data()).rolloff, 0.9 * 44100.0 / 1024, 1e-9);
}

TEST(SpectralShape, BandLimitsSelectBins) {
  auto a = sine(500, 1.0), b = sine(3000, 1.0);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  Params p;
  p.min_freq = 2000;
  p.max_freq = 4000;
  Table t = extract_samples(a.data(), a.size(), 44100, p, {"centroid"});
  EXPECT_NEAR(mean_of(t, "centroid"), 3000, 15);
}

TEST(SpectralShape, SilenceGivesDocumentedZeros) {
  std::vector<float> x(44100, 0.f);
  Params p;
  for (bool midi : {false, true}) {
    p.midi_unit = midi;
    Table t = extract_samples(x.data(), x.size(), 44100, p, {});
    for (std::size_t i = 0; i < t.frames(); ++i)
      for (std::size_t c = 0; c < t.columns(); ++c) {
        const double v = t.row(i)[c];
        ASSERT_TRUE(std::isfinite(v)) << t.names[c];
        if (t.names[c] == "loudness") EXPECT_EQ(v, -144.0);
        else EXPECT_EQ(v, 0.0) << t.names[c];
      }
  }
}
