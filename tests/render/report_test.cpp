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
