#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "audio/audio_file.hpp"
#include "core/error.hpp"
#include "features/audio_diff.hpp"
#include "test_signals.hpp"

using namespace lw::features;
namespace fs = std::filesystem;

namespace {

std::string tmp(const std::string& name) { return (fs::temp_directory_path() / ("lwf_diff_" + name)).string(); }

std::string write(const std::string& name, const std::vector<float>& x, int sr = 44100) {
  lw::audio::Buffer b;
  b.sample_rate = sr;
  b.channels = 1;
  b.samples = x;
  const std::string p = tmp(name);
  lw::audio::write_all(p, b);
  return p;
}

const Measure& find(const DiffReport& r, const std::string& name) {
  for (const auto& m : r.measures)
    if (m.name == name) return m;
  throw std::runtime_error("no measure " + name);
}

}  // namespace

TEST(AudioDiff, IdenticalFilesPassAndAGainChangeIsMeasured) {
  // broadband (noise plus a tone), so every bin lies above the LSD floor
  auto x = test::white_noise(1.0, 0.05);
  const auto tone = test::harmonic(220, 1.0);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] += tone[i];
  const std::string a = write("a.wav", x);
  const DiffReport same = diff_audio(a, a, Params{}, default_tolerances());
  EXPECT_TRUE(same.ok());
  EXPECT_EQ(find(same, "max_abs_diff").diff, 0.0);
  EXPECT_EQ(find(same, "lsd_db").diff, 0.0);

  for (auto& v : x) v *= 0.5f;  // -6.02 dB
  const std::string b = write("b.wav", x);
  const DiffReport half = diff_audio(a, b, Params{}, default_tolerances());
  EXPECT_FALSE(half.ok());
  EXPECT_NEAR(find(half, "rms_db").diff, 6.0206, 1e-3);
  EXPECT_NEAR(find(half, "peak_db").diff, 6.0206, 1e-3);
  EXPECT_FALSE(find(half, "rms_db").ok);
  EXPECT_NEAR(find(half, "lsd_db").diff, 6.02, 0.05);  // every bin 6 dB down
  EXPECT_NEAR(find(half, "feature:loudness").diff, 6.0206, 0.01);
  EXPECT_NEAR(find(half, "feature:centroid").diff, 0.0, 1e-6);  // shape is scale-invariant
  EXPECT_TRUE(find(half, "feature:centroid").ok);
  fs::remove(a);
  fs::remove(b);
}

TEST(AudioDiff, LengthAndRateDifferences) {
  auto x = test::sine(440, 1.0);
  const std::string a = write("len_a.wav", x);
  auto y = x;
  y.resize(y.size() - 100);
  const std::string b = write("len_b.wav", y);
  const DiffReport r = diff_audio(a, b, Params{}, default_tolerances());
  EXPECT_EQ(find(r, "length").diff, 100.0);
  EXPECT_FALSE(find(r, "length").ok);
  Tolerances loose = default_tolerances();
  loose.length = 100;
  loose.max_abs_diff = 1;
  EXPECT_TRUE(find(diff_audio(a, b, Params{}, loose), "length").ok);

  const std::string c = write("rate_c.wav", x, 48000);
  const DiffReport rr = diff_audio(a, c, Params{}, default_tolerances());
  EXPECT_FALSE(find(rr, "sample_rate").ok);
  EXPECT_FALSE(find(rr, "max_abs_diff").compared);
  EXPECT_FALSE(rr.ok());
  for (const auto& p : {a, b, c}) fs::remove(p);
}

TEST(AudioDiff, ToleranceFiles) {
  const std::string p = tmp("tol.yaml");
  std::ofstream(p) << "rms_db: 0.5\nfeatures:\n  centroid: 3\n  pitch: 0.2\n";
  const Tolerances t = read_tolerances(p, default_tolerances());
  EXPECT_EQ(t.rms_db, 0.5);
  EXPECT_EQ(t.peak_db, 0.1);  // untouched default
  EXPECT_EQ(t.features.at("centroid"), 3.0);
  EXPECT_EQ(t.features.at("pitch"), 0.2);
  std::ofstream(p) << "rms_db: 0.5\nfeatures:\n  bogus: 1\n";
  try {
    read_tolerances(p, default_tolerances());
    ADD_FAILURE();
  } catch (const lw::Error& e) {
    EXPECT_NE(std::string(e.what()).find(":3:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("bogus"), std::string::npos) << e.what();
  }
  std::ofstream(p) << "peak_db: -1\n";
  EXPECT_THROW(read_tolerances(p, default_tolerances()), lw::Error);
  fs::remove(p);
}
