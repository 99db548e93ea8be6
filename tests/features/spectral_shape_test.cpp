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

// FluCoMa spreads its bin frequencies evenly from the lowest used bin to the
// highest bin *inclusive* over one point fewer (size points for bins
// lo .. hi-1), so bin k of the full band (bins 0..511, size 512) sits at
// k * 22050 / 511 Hz rather than k * 44100 / 1024: 0.2 % high. The expected
// values below use that frequency of the bin (kFlucomaBinHz).
constexpr double kBinHz = 44100.0 / 1024;
constexpr double kFlucomaBinHz = 22050.0 / 511;

TEST(SpectralShape, SineCentroidIsItsFrequency) {
  // 1033.59 Hz = bin 24 exactly at 1024/44100: the Hann main lobe is
  // symmetric around it, so the centroid is bin 24's FluCoMa frequency.
  const double f = 24 * kBinHz;
  auto x = sine(f, 1.0);
  Table t = extract_samples(x.data(), x.size(), 44100, Params{}, {"centroid", "spread", "crest", "rolloff"});
  EXPECT_NEAR(mean_of(t, "centroid"), 24 * kFlucomaBinHz, 0.5);
  EXPECT_LT(mean_of(t, "spread"), 60.0);  // main lobe only
  EXPECT_GT(mean_of(t, "crest"), 40.0);   // one peak over 512 bins
  EXPECT_NEAR(mean_of(t, "rolloff"), 24 * kFlucomaBinHz, kFlucomaBinHz * 1.5);
}

TEST(SpectralShape, MidiUnitGivesPitchOfTheCentroid) {
  // At FFT 8192 the frequency quirk is 1/4095 (0.004 semitone).
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
  // power spectrum (exponential) exp(-gamma), 20 log10 = -5.01 dB. Centroid
  // and rolloff: the middle and 95 % of the FluCoMa frequency axis 0..22050.
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

// Moments of n evenly spaced points from 0 to top, equal weights.
struct Uniform {
  double centroid, spread, kurtosis;
};
Uniform uniform(double n, double top) {
  const double h = top / (n - 1);
  return {top / 2, h * std::sqrt((n * n - 1) / 12), 3 * (3 * n * n - 7) / (5 * (n * n - 1))};
}

TEST(SpectralShape, UniformSpectrumMomentsAndKurtosis) {
  // A flat spectrum: the 512 bins 0..511 used (bin 512 is not), at 512
  // frequencies 0..22050 Hz: centroid 11025, spread h sqrt((n^2-1)/12),
  // skewness 0, kurtosis 3(3n^2-7)/(5(n^2-1)) (-> 1.8), flatness and crest
  // 0 dB. 95 % of 512 equal weights is 486.4: reached at index 486, 0.6 of a
  // weight over, so rolloff = f_486 - 0.6 h.
  ShapeParams sp;
  SpectralShape s(sp);
  ASSERT_EQ(s.first_bin(), 0);
  ASSERT_EQ(s.size(), 512);
  std::vector<double> mag(513, 2.0);
  mag[512] = 1e6;  // the Nyquist bin is not used
  const Shape r = s.process(mag.data());
  const Uniform u = uniform(512, 22050);
  EXPECT_NEAR(r.centroid, u.centroid, 1e-9);
  EXPECT_NEAR(r.spread, u.spread, 1e-9);
  EXPECT_NEAR(r.skewness, 0.0, 1e-9);
  EXPECT_NEAR(r.kurtosis, u.kurtosis, 1e-9);
  EXPECT_NEAR(r.flatness, 0.0, 1e-12);
  EXPECT_NEAR(r.crest, 0.0, 1e-12);
  EXPECT_NEAR(r.rolloff, (486 - 0.6) * kFlucomaBinHz, 1e-6);
}

TEST(SpectralShape, RolloffInterpolatesBetweenBins) {
  // Weights 1 at bins 0 and 1, the rest floored to DBL_EPSILON (negligible):
  // 95 % of the sum (1.9) is reached at bin 1 with 0.1 over, so the rolloff
  // is f_1 - 0.1 (f_1 - f_0) = 0.9 of FluCoMa's bin spacing.
  ShapeParams sp;
  SpectralShape s(sp);
  std::vector<double> mag(513, 0.0);
  mag[0] = mag[1] = 1.0;
  EXPECT_NEAR(s.process(mag.data()).rolloff, 0.9 * kFlucomaBinHz, 1e-9);
  // A target reached in the lowest bin gives that bin's frequency.
  mag[0] = 100.0;
  EXPECT_EQ(s.process(mag.data()).rolloff, 0.0);
}

TEST(SpectralShape, FloorAndPowerFollowFlucoma) {
  // Zero bins are floored to DBL_EPSILON before anything else (flatness is
  // then finite); with --power the floor is squared with the rest.
  ShapeParams sp;
  std::vector<double> mag(513, 0.0);
  mag[10] = 1.0;
  const Shape r = SpectralShape(sp).process(mag.data());
  const double eps = 2.220446049250313e-16;
  const double mean = (1.0 + 511 * eps) / 512;
  EXPECT_NEAR(r.flatness, 20 * std::log10(std::exp((511 * std::log(eps) + std::log(1.0)) / 512) / mean), 1e-9);
  EXPECT_NEAR(r.crest, 20 * std::log10(1.0 / mean), 1e-9);
  // (the 511 floored bins pull the centroid by eps * sum f = 1.2e-9 Hz)
  EXPECT_NEAR(r.centroid, 10 * kFlucomaBinHz, 1e-8);
  sp.power = true;
  const Shape p = SpectralShape(sp).process(mag.data());
  const double pmean = (1.0 + 511 * eps * eps) / 512;
  // The ratio (about 5e-29) is below DBL_EPSILON: clamped, as FluCoMa.
  ASSERT_LT(std::exp(511 * std::log(eps * eps) / 512) / pmean, eps);
  EXPECT_NEAR(p.flatness, 20 * std::log10(eps), 1e-9);
  EXPECT_NEAR(p.crest, 20 * std::log10(1.0 / pmean), 1e-9);
}

TEST(SpectralShape, BandEdgesAndMidiDc) {
  // min 1000 Hz -> bin ceil(23.2) = 24; max 2000 Hz -> floor(46.4) = 46;
  // bins 24..45 are used (22 of them), at 22 points from 24 to 46 bin widths.
  ShapeParams sp;
  sp.min_freq = 1000;
  sp.max_freq = 2000;
  SpectralShape s(sp);
  EXPECT_EQ(s.first_bin(), 24);
  ASSERT_EQ(s.size(), 22);
  EXPECT_DOUBLE_EQ(s.frequencies().front(), 24 * kBinHz);
  EXPECT_NEAR(s.frequencies().back(), 46 * kBinHz, 1e-9);
  // Energy in bin 46 (= max) or below bin 24 is not seen: a flat band.
  std::vector<double> mag(513, 1.0);
  mag[46] = mag[23] = 1000.0;
  EXPECT_NEAR(s.process(mag.data()).crest, 0.0, 1e-12);
  // Both edges in one bin: every output 0.
  sp.min_freq = 1000;
  sp.max_freq = 1010;
  SpectralShape empty(sp);
  EXPECT_EQ(empty.size(), 0);
  const Shape z = empty.process(mag.data());
  EXPECT_EQ(z.centroid, 0.0);
  EXPECT_EQ(z.crest, 0.0);
  EXPECT_EQ(z.flatness, 0.0);
  // MIDI unit: bin 0 has no pitch; it is added to bin 1, which is the
  // first point (MIDI pitch of 43.07 Hz).
  ShapeParams mp;
  mp.midi_unit = true;
  SpectralShape m(mp);
  EXPECT_EQ(m.first_bin(), 1);
  ASSERT_EQ(m.size(), 511);
  EXPECT_NEAR(m.frequencies().front(), 69 + 12 * std::log2(kBinHz / 440), 1e-12);
  std::vector<double> dc(513, 0.0);
  dc[0] = 5.0;  // all the energy at DC ends up at the lowest frequency
  const Shape md = m.process(dc.data());
  EXPECT_NEAR(md.centroid, m.frequencies().front(), 1e-9);
  EXPECT_NEAR(md.rolloff, m.frequencies().front(), 1e-9);
}

TEST(SpectralShape, BandLimitsSelectBins) {
  auto a = sine(500, 1.0), b = sine(3000, 1.0);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  Params p;
  p.min_freq = 2000;
  p.max_freq = 4000;
  Table t = extract_samples(a.data(), a.size(), 44100, p, {"centroid"});
  // bins 47..92 at 46 points from 47 to 93 bin widths: bin k sits at
  // 47 + (k - 47) * 46/45 bin widths.
  const double k = 3000 / kBinHz;
  EXPECT_NEAR(mean_of(t, "centroid"), (47 + (k - 47) * 46 / 45) * kBinHz, 15);
}

TEST(SpectralShape, SilenceIsAFlatSpectrumAsInFlucoma) {
  // Digital silence is floored to DBL_EPSILON like any other frame: a flat
  // spectrum, so exactly the values of UniformSpectrumMomentsAndKurtosis
  // (finite, never NaN); loudness -144 dB, pitch and confidence 0.
  std::vector<float> x(44100, 0.f);
  Params p;
  for (bool midi : {false, true}) {
    p.midi_unit = midi;
    Table t = extract_samples(x.data(), x.size(), 44100, p, {});
    ShapeParams sp;
    sp.midi_unit = midi;
    SpectralShape s(sp);
    std::vector<double> eps(513, 2.220446049250313e-16);
    const Shape flat = s.process(eps.data());
    for (std::size_t i = 0; i < t.frames(); ++i)
      for (std::size_t c = 0; c < t.columns(); ++c) {
        const double v = t.row(i)[c];
        const std::string& n = t.names[c];
        ASSERT_TRUE(std::isfinite(v)) << n;
        if (n == "loudness") EXPECT_EQ(v, -144.0);
        else if (n == "ambitus" || n == "density") EXPECT_EQ(v, 0.0) << n;
        else if (n == "centroid") EXPECT_EQ(v, flat.centroid);
        else if (n == "spread") EXPECT_EQ(v, flat.spread);
        else if (n == "skewness") EXPECT_EQ(v, flat.skewness);
        else if (n == "kurtosis") EXPECT_EQ(v, flat.kurtosis);
        else if (n == "rolloff") EXPECT_EQ(v, flat.rolloff);
        else if (n == "flatness") EXPECT_EQ(v, flat.flatness);
        else if (n == "crest") EXPECT_EQ(v, flat.crest);
        else FAIL() << "unexpected column " << n;
      }
    if (!midi) {
      const Uniform u = uniform(512, 22050);
      EXPECT_NEAR(flat.centroid, 11025.0, 1e-9);
      EXPECT_NEAR(flat.spread, u.spread, 1e-9);
      EXPECT_NEAR(flat.kurtosis, u.kurtosis, 1e-9);
      EXPECT_NEAR(flat.skewness, 0.0, 1e-9);
      EXPECT_EQ(flat.flatness, 0.0);
      EXPECT_EQ(flat.crest, 0.0);
    } else {
      // MIDI: bin 1 carries 2 eps (bin 0 added), the rest eps.
      EXPECT_GT(flat.crest, 0.0);
      EXPECT_LT(flat.flatness, 0.0);
    }
  }
}
