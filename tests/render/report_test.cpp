// The review page's parts that need no browser: base64, the spectrogram's
// frequency axis, the inline/referenced audio threshold and the page's
// independence from the network (tests/model/report_page.sh drives the page
// itself in chromium).
#include "report/report.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <regex>
#include <unistd.h>

#include "audio/audio_file.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "features/extract.hpp"

using namespace lw;
using namespace lw::report;

TEST(Report, Base64KnownVectors) {  // RFC 4648, section 10
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foob"), "Zm9vYg==");
  EXPECT_EQ(base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
}

TEST(Report, SpectrogramPeaksAtTheSineFrequency) {
  const int rate = 48000;
  for (double f : {440.0, 3000.0, 15000.0}) {
    std::vector<float> x(rate);
    for (int i = 0; i < rate; ++i) x[std::size_t(i)] = float(0.5 * std::sin(2 * M_PI * f * i / rate));
    auto s = spectrogram(x.data(), rate, 1, rate, 100, 256);
    EXPECT_LE(s.cols, 100);
    const int c = s.cols / 2;
    int best = 0;
    for (int r = 0; r < s.rows; ++r)
      if (s.cells[std::size_t(c * s.rows + r)] > s.cells[std::size_t(c * s.rows + best)]) best = r;
    const double row_hz = s.nyquist / s.rows;
    EXPECT_NEAR((best + 0.5) * row_hz, f, row_hz) << f;
    EXPECT_EQ(s.cells[std::size_t(c * s.rows + best)], 255);
  }
}

TEST(Report, InlineUpToTheThresholdThenReferenced) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lw-report-test-" + std::to_string(::getpid()));
  fs::create_directories(dir / "pages");
  ReportInput in;
  in.title = "t <b>";
  for (int i = 0; i < 3; ++i) {
    walk::Frame f;
    f.t = i;
    f.x = i;
    in.walk.frames.push_back(f);
  }
  auto write = [&](const std::string& name, double seconds) {
    audio::Buffer b;
    b.sample_rate = 8000;
    b.channels = 1;
    b.samples.assign(std::size_t(seconds * 8000), 0.1f);
    const auto p = (dir / name).string();
    audio::write_all(p, b, audio::SampleFormat::Pcm16);
    return p;
  };
  in.audio_path = write("short.wav", 2);
  auto page = report_html(in, (dir / "pages" / "p.html").string());
  EXPECT_NE(page.find("src=\"data:audio/wav;base64,UklGR"), std::string::npos);
  EXPECT_NE(page.find("<title>t &lt;b&gt;</title>"), std::string::npos);
  std::smatch m;
  std::string rest = page;
  while (std::regex_search(rest, m, std::regex("https?://[^\"' ]*"))) {
    EXPECT_EQ(m.str(), "http://www.w3.org/2000/svg");
    rest = m.suffix();
  }
  // 32 MiB of 16-bit mono at 8 kHz is 2097.152 s
  in.audio_path = write("long file.wav", 2100);
  page = report_html(in, (dir / "pages" / "p.html").string());
  EXPECT_EQ(page.find("data:audio"), std::string::npos);
  EXPECT_NE(page.find("src=\"../long%20file.wav\""), std::string::npos);
  fs::remove_all(dir);
}

namespace {

// The page's data block (script_json escapes "</" as "<\/", valid JSON).
json page_data(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"lw-data\">";
  const auto a = page.find(open);
  EXPECT_NE(a, std::string::npos);
  const auto b = page.find("</script>", a);
  return json::parse(page.substr(a + open.size(), b - a - open.size()));
}

// 0.6 s of a 440 Hz sine, 0.6 s of white noise, 0.6 s of 220 Hz: pitched,
// unpitched (confidence well below 0.7), pitched.
std::string write_input(const std::filesystem::path& dir) {
  audio::Buffer b;
  b.sample_rate = 22050;
  b.channels = 1;
  std::uint32_t noise = 12345;
  const int seg = int(0.6 * b.sample_rate);
  for (int i = 0; i < 3 * seg; ++i) {
    double v;
    if (i < seg) {
      v = 0.5 * std::sin(2 * M_PI * 440.0 * i / b.sample_rate);
    } else if (i < 2 * seg) {
      noise = noise * 1664525u + 1013904223u;
      v = 0.5 * (double(noise >> 8) / double(1u << 24) * 2 - 1);
    } else {
      v = 0.5 * std::sin(2 * M_PI * 220.0 * i / b.sample_rate);
    }
    b.samples.push_back(float(v));
  }
  const auto p = (dir / "input.wav").string();
  audio::write_all(p, b, audio::SampleFormat::Float);
  return p;
}

}  // namespace

TEST(Report, InputFeaturesAreLibFeaturesWithPitchGapsBelowTheConfidence) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lw-report-feat-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto in_path = write_input(dir);
  const auto f = input_features(in_path);
  const features::Params params;
  EXPECT_EQ(f.min_confidence, 0.7);
  EXPECT_EQ(f.min_confidence, params.min_confidence);
  const auto t = features::extract(in_path, params, {"loudness", "pitch", "confidence", "centroid", "flatness"});
  ASSERT_EQ(f.times.size(), t.frames());
  ASSERT_GT(t.frames(), 50u);
  std::size_t gaps = 0, voiced = 0;
  for (std::size_t i = 0; i < t.frames(); ++i) {
    const double* r = t.row(i);
    EXPECT_EQ(f.times[i], t.times[i]);
    EXPECT_EQ(f.loudness[i], r[t.column("loudness")]);
    EXPECT_EQ(f.confidence[i], r[t.column("confidence")]);
    EXPECT_EQ(f.centroid[i], r[t.column("centroid")]);
    EXPECT_EQ(f.flatness[i], r[t.column("flatness")]);
    if (r[t.column("confidence")] < 0.7) {
      EXPECT_TRUE(std::isnan(f.pitch[i])) << i;
      ++gaps;
    } else {
      EXPECT_EQ(f.pitch[i], r[t.column("pitch")]) << i;
      ++voiced;
    }
  }
  // the noise makes gaps, the sines do not
  EXPECT_GT(gaps, 15u);
  EXPECT_GT(voiced, 40u);
  for (std::size_t i = 0; i < t.frames(); ++i) {
    if (t.times[i] > 0.1 && t.times[i] < 0.5) {
      EXPECT_NEAR(f.pitch[i], 440, 2) << t.times[i];
    }
    if (t.times[i] > 0.75 && t.times[i] < 1.05) {
      EXPECT_TRUE(std::isnan(f.pitch[i])) << t.times[i];
    }
    if (t.times[i] > 1.3 && t.times[i] < 1.7) {
      EXPECT_NEAR(f.pitch[i], 220, 1) << t.times[i];
    }
  }

  // The page of an audio-mode render carries them (null = gap), has the
  // feature and input spectrogram canvases, and no map without walk or scene.
  ReportInput in;
  in.title = "audio";
  in.audio_path = in_path;  // any audio will do as "the render" here
  in.input_audio_path = in_path;
  const auto page = report_html(in, (dir / "p.html").string());
  const auto d = page_data(page);
  ASSERT_EQ(d["input"]["t"].size(), f.times.size());
  for (std::size_t i = 0; i < f.times.size(); ++i) {
    EXPECT_EQ(d["input"]["pitch"][i].is_null(), std::isnan(f.pitch[i])) << i;
    if (!std::isnan(f.pitch[i])) {
      EXPECT_NEAR(d["input"]["pitch"][i].get<double>(), f.pitch[i], 0.006);
    }
    EXPECT_NEAR(d["input"]["loudness"][i].get<double>(), f.loudness[i], 0.006);
  }
  for (const char* id : {"input-spectrogram", "input-loudness", "input-pitch", "input-centroid", "input-flatness",
                         "spectrogram"})
    EXPECT_NE(page.find(std::string("<canvas id=\"") + id + "\""), std::string::npos) << id;
  EXPECT_EQ(page.find("id=\"map\""), std::string::npos);
  EXPECT_EQ(page.find("id=\"delay-note\""), std::string::npos);
  // with a scene (no walk) the map is drawn
  in.scene = walk::Scene{};
  EXPECT_NE(report_html(in, (dir / "p.html").string()).find("id=\"map\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(Report, DelayIsNamedOnThePageAndInItsData) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("lw-report-delay-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  ReportInput in;
  for (int i = 0; i < 3; ++i) {
    walk::Frame f;
    f.t = i;
    in.walk.frames.push_back(f);
  }
  audio::Buffer b;
  b.sample_rate = 8000;
  b.channels = 1;
  b.samples.assign(16000, 0.1f);
  in.audio_path = (dir / "a.wav").string();
  audio::write_all(in.audio_path, b, audio::SampleFormat::Pcm16);
  in.delay_seconds = 8128.0 / 44100;
  in.delay_reason = "nn~ buffer delay";
  const auto page = report_html(in, (dir / "p.html").string());
  EXPECT_NE(page.find("Heard 184 ms late (nn~ buffer delay)"), std::string::npos);
  EXPECT_EQ(page_data(page)["delay"].get<double>(), 8128.0 / 44100);
  in.delay_seconds = -1;
  EXPECT_THROW(report_html(in, (dir / "p.html").string()), Error);
  fs::remove_all(dir);
}
