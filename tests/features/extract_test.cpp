#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audio/audio_file.hpp"
#include "core/error.hpp"
#include "features/extract.hpp"
#include "features/pitch.hpp"
#include "test_signals.hpp"

using namespace lw::features;
namespace fs = std::filesystem;

namespace {

const std::string kSax = std::string(LW_TESTDATA) + "/sax/";

struct Note {
  double on, off;
  int midi;
};
std::vector<Note> notes(const std::string& take) {
  std::ifstream in(kSax + take + ".notes.csv");
  std::string line;
  std::getline(in, line);
  std::vector<Note> out;
  while (std::getline(in, line)) {
    Note n{};
    char c;
    int vel;
    std::istringstream ss(line);
    ss >> n.on >> c >> n.off >> c >> n.midi >> c >> vel;
    out.push_back(n);
  }
  return out;
}

lw::Exit error_code(const std::function<void()>& f) {
  try {
    f();
  } catch (const lw::Error& e) {
    return e.code();
  }
  return lw::Exit::Ok;
}

}  // namespace

TEST(Extract, FrameCountTimesAndTheTenInOrder) {
  const Table t = extract(kSax + "phrase.wav", Params{}, {});
  const lw::audio::Reader r(kSax + "phrase.wav");
  EXPECT_EQ(t.frames(), std::size_t(r.info().frames / 512 + 1));
  EXPECT_EQ(t.names, explorer_features());
  EXPECT_EQ(t.names.size(), 10u);
  EXPECT_DOUBLE_EQ(t.times[10], 10 * 512.0 / 44100);
  for (double v : t.values) ASSERT_TRUE(std::isfinite(v));
}

TEST(Extract, SaxPitchWithinAThirdOfASemitoneOnSustainedNotes) {
  for (const std::string take : {"phrase", "low_slow", "mixed"}) {
    Params p;
    p.midi_unit = true;
    const Table t = extract(kSax + take + ".wav", p, {"pitch", "confidence"});
    int checked = 0;
    for (const Note& n : notes(take)) {
      if (n.off - n.on < 0.5) continue;  // sustained notes only
      // the middle of the note, away from attack and release
      const double a = n.on + 0.15, b = n.off - 0.1;
      for (std::size_t i = 0; i < t.frames(); ++i) {
        if (t.times[i] < a || t.times[i] > b) continue;
        EXPECT_NEAR(t.row(i)[0], n.midi, 0.3) << take << " at " << t.times[i] << " s";
        EXPECT_GT(t.row(i)[1], 0.7) << take << " at " << t.times[i] << " s";
        ++checked;
      }
    }
    EXPECT_GT(checked, 50) << take;
  }
}

TEST(Extract, AmbitusAndDensityFollowTheTakes) {
  // phrase: 6 notes A3..D5 (57..74), one every 0.9 s. In the last note (from
  // 4.6 s) the last five notes are 60..74: ambitus 14; 1/0.9 notes/s.
  const Table ph = extract(kSax + "phrase.wav", Params{}, {"ambitus", "density"});
  const std::size_t f = std::size_t(5.0 * 44100 / 512);
  EXPECT_NEAR(ph.row(f)[0], 14.0, 0.5);
  EXPECT_NEAR(ph.row(f)[1], 1 / 0.9, 0.1);
  // high_fast: 6 notes per second, arpeggio 72 76 79 84 83 79 76 74
  const Table hf = extract(kSax + "high_fast.wav", Params{}, {"ambitus", "density"});
  const std::size_t c = std::size_t(2.2 * 44100 / 512);
  EXPECT_NEAR(hf.row(c)[1], 6.0, 0.6);
  EXPECT_GT(hf.row(c)[0], 4.0);
  EXPECT_LT(hf.row(c)[0], 12.5);
  // low_slow: before the second note there is no range and no rate
  const Table lo = extract(kSax + "low_slow.wav", Params{}, {"ambitus", "density"});
  const std::size_t mid = std::size_t(0.8 * 44100 / 512);
  EXPECT_EQ(lo.row(mid)[0], 0.0);
  EXPECT_EQ(lo.row(mid)[1], 0.0);
}

TEST(Extract, BlockSizeAndRepetitionDoNotChangeResults) {
  // extract() reads in 64k blocks; extract_samples() sees the whole signal:
  // the same frames must come out, bit for bit, run after run.
  const lw::audio::Buffer b = lw::audio::read_all(kSax + "mixed.wav");
  const Table a = extract(kSax + "mixed.wav", Params{}, all_features());
  const Table s = extract_samples(b.samples.data(), b.samples.size(), b.sample_rate, Params{}, all_features());
  const Table again = extract(kSax + "mixed.wav", Params{}, all_features());
  EXPECT_EQ(a.values, s.values);
  EXPECT_EQ(a.values, again.values);
}

TEST(Extract, BadInputsAndParameters) {
  const std::string dir = (fs::temp_directory_path() / "lwf_extract_test").string();
  fs::create_directories(dir);
  EXPECT_EQ(error_code([&] { extract(dir + "/missing.wav", Params{}, {}); }), lw::Exit::BadInput);
  std::ofstream(dir + "/text.wav") << "this is not audio\n";
  EXPECT_EQ(error_code([&] { extract(dir + "/text.wav", Params{}, {}); }), lw::Exit::BadInput);
  Params hop0;
  hop0.hop = 0;
  EXPECT_EQ(error_code([&] { extract(kSax + "phrase.wav", hop0, {}); }), lw::Exit::BadInput);
  Params big;
  big.window = big.fft = 1 << 19;  // longer than the 5.8 s take
  EXPECT_EQ(error_code([&] { extract(kSax + "phrase.wav", big, {}); }), lw::Exit::BadInput);
  EXPECT_EQ(error_code([&] { extract(kSax + "phrase.wav", Params{}, {"nonsense"}); }), lw::Exit::BadInput);
  Params ch;
  ch.channel = 1;  // mono file
  EXPECT_EQ(error_code([&] { extract(kSax + "phrase.wav", ch, {}); }), lw::Exit::BadInput);
  std::vector<float> none;
  EXPECT_EQ(error_code([&] { extract_samples(none.data(), 0, 44100, Params{}, {}); }), lw::Exit::BadInput);
  fs::remove_all(dir);
}
