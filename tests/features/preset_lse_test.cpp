#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "features/preset_lse.hpp"

using namespace lw::features;

namespace {
constexpr int kSr = 44100;
// Tones of the given MIDI pitches (A4 = 440 Hz), `on` s each then `off` s of silence.
std::vector<float> tones(const std::vector<double>& midi, double on, double off, double amp = 0.3) {
  std::vector<float> x;
  for (double m : midi) {
    const double f = 440.0 * std::pow(2.0, (m - 69) / 12);
    const int n = int(on * kSr);
    for (int i = 0; i < n; ++i) {  // 200-sample attack, 20 ms release (no click at the end)
      const double env = std::min({1.0, i / 200.0, (n - i) / 882.0});
      x.push_back(float(amp * env * std::sin(2 * M_PI * f * i / kSr)));
    }
    x.insert(x.end(), std::size_t(off * kSr), 0.0f);
  }
  return x;
}
double at(const Table& t, double sec, int col) { return t.row(std::size_t(std::lround(sec / 0.03)))[col]; }
}  // namespace

TEST(PresetLse, RowsEvery30msWithTheTenNamesAndThePreset) {
  const auto x = tones({60}, 1.0, 0.0);
  const Table t = extract_lse_samples(x.data(), x.size(), kSr, LseParams{});
  EXPECT_EQ(t.hop, 1323);
  EXPECT_EQ(t.names, explorer_features());
  EXPECT_EQ(t.preset, "lse");
  EXPECT_EQ(t.frames(), x.size() / 1323 + 1);
  EXPECT_NEAR(t.times[10], 0.3, 1e-12);
}

TEST(PresetLse, AmbitusOfTheLastFiveNotesOverTwentyFour) {
  // ftom @base 441 into an int: 60.0 -> 59, so ranges of in-tune notes are kept.
  const auto x = tones({60, 64, 67, 72, 62, 61}, 0.3, 0.1);
  const Table t = extract_lse_samples(x.data(), x.size(), kSr, LseParams{});
  EXPECT_EQ(at(t, 1.5, 0), 0.0);             // four notes: zl stream 5 has not output yet
  EXPECT_DOUBLE_EQ(at(t, 1.85, 0), 12.0 / 24);  // 60 64 67 72 62
  EXPECT_DOUBLE_EQ(at(t, 2.3, 0), 11.0 / 24);   // 64 67 72 62 61
}

TEST(PresetLse, DensityIsTruncatedToAnIntegerAsInTheDevice) {
  // 10 notes/s is slower than the 75 ms mean interval (13.3 notes/s) that
  // `pak i i` lets through as 1; with the 100 ms debounce no playing reaches it.
  std::vector<double> m(20, 67);
  const auto x = tones(m, 0.07, 0.03);
  const Table t = extract_lse_samples(x.data(), x.size(), kSr, LseParams{});
  for (std::size_t i = 0; i < t.frames(); ++i) EXPECT_EQ(t.row(i)[1], 0.0);
}

TEST(PresetLse, LoudnessIsThePlainRmsOverTheRampTime) {
  const auto x = tones({69}, 2.0, 0.0, 0.5);
  const Table t = extract_lse_samples(x.data(), x.size(), kSr, LseParams{});
  EXPECT_NEAR(at(t, 1.5, 2), 0.5 / std::sqrt(2.0), 2e-3);
  LseParams fast;
  fast.ramp_ms = 100;  // 4410 samples
  const Table f = extract_lse_samples(x.data(), x.size(), kSr, fast);
  EXPECT_NEAR(f.row(3)[2], 0.5 / std::sqrt(2.0) * std::sqrt(3 * 1323 / 4410.0), 0.01);  // 90 ms of tone in 100
}

TEST(PresetLse, SpectralShapeScaledSmoothedAndResetInSilence) {
  // Ramp 0 ms: onepole~ at 20 Hz. A 1 kHz tone: centroid ~ 1000/10000; after
  // the tone, the rms gate closes and 217 ms later the targets are 0.
  LseParams p;
  p.ramp_ms = 0;
  std::vector<float> x = tones({83.2131}, 1.0, 1.0);  // 1000 Hz
  const Table t = extract_lse_samples(x.data(), x.size(), kSr, p);
  EXPECT_NEAR(at(t, 0.9, 3), 0.1, 0.01);
  EXPECT_LT(at(t, 0.9, 8), 0.0);       // (flatness + 40) / 80: a pure tone is far below -40 dB
  EXPECT_NEAR(at(t, 1.9, 3), 0.0, 1e-4);  // reset to 0 in the silence
  // Ramp 500 ms (the device's default) is beyond the patch's 0..200 ms scale:
  // clamped to 0.1 Hz, the centroid is still rising after 1 s.
  const Table slow = extract_lse_samples(x.data(), x.size(), kSr, LseParams{});
  EXPECT_LT(at(slow, 0.9, 3), 0.05);
  EXPECT_GT(at(slow, 0.9, 3), 0.0);
}

TEST(PresetLse, RefusesAbsurdRatesAndSettings) {
  std::vector<float> x(10000, 0.0f);
  EXPECT_THROW(extract_lse_samples(x.data(), x.size(), 100000000, LseParams{}), lw::Error);
  LseParams bad;
  bad.ramp_ms = -1;
  EXPECT_THROW(extract_lse_samples(x.data(), x.size(), kSr, bad), lw::Error);
}
