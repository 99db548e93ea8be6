// diff --dir: trees matched by relative path, JUnit, plots, --update.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "audio/audio_file.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "features/audio_diff_dir.hpp"
#include "test_signals.hpp"

using namespace lw::features;
namespace fs = std::filesystem;

namespace {

struct Trees : ::testing::Test {
  fs::path root;
  void SetUp() override {
    root = fs::temp_directory_path() / ("lwf_tree_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root / "ref" / "renders");
    fs::create_directories(root / "out" / "renders");
  }
  void TearDown() override { fs::remove_all(root); }
  std::string ref() const { return (root / "ref").string(); }
  std::string out() const { return (root / "out").string(); }
  void text(const std::string& tree, const std::string& rel, const std::string& body) {
    fs::create_directories((root / tree / rel).parent_path());
    std::ofstream(root / tree / rel, std::ios::binary) << body;
  }
  void wav(const std::string& tree, const std::string& rel, const std::vector<float>& x) {
    lw::audio::Buffer b;
    b.sample_rate = 44100;
    b.channels = 1;
    b.samples = x;
    // Rewrites a file an earlier diff of this process read: intended here
    // (the output guard of core/atomic_file.hpp refuses it otherwise).
    lw::allow_update((root / tree / rel).string());
    lw::audio::write_all((root / tree / rel).string(), b);
  }
};

std::vector<float> signal(float gain = 1.f) {
  auto x = test::white_noise(0.5, 0.05);
  const auto tone = test::harmonic(220, 0.5);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = gain * (x[i] + tone[i]);
  return x;
}

const FileDiff& file(const TreeDiff& d, const std::string& path) {
  for (const auto& f : d.files)
    if (f.path == path) return f;
  throw std::runtime_error("no file " + path);
}

}  // namespace

TEST_F(Trees, EqualTreesPassAndEveryKindOfDifferenceFailsByName) {
  wav("ref", "renders/a.wav", signal());
  wav("out", "renders/a.wav", signal());
  text("ref", "walk.json", "{\n \"x\": 1\n}\n");
  text("out", "walk.json", "{\n \"x\": 1\n}\n");
  TreeDiff same = diff_tree(ref(), out(), Params{}, default_tolerances(), {});
  ASSERT_EQ(same.files.size(), 2u);
  EXPECT_TRUE(same.ok());
  EXPECT_TRUE(file(same, "renders/a.wav").audio);
  EXPECT_FALSE(file(same, "walk.json").audio);

  wav("out", "renders/a.wav", signal(0.5f));       // -6 dB: outside the level tolerances
  text("out", "walk.json", "{\n \"x\": 2\n}\n");   // one byte on line 2
  text("ref", "gone.svg", "<svg/>");               // missing from out
  text("out", "new/extra.csv", "a,b\n");           // extra in out
  text("out", "renders/bad.wav", "not audio");      // unreadable
  text("ref", "renders/bad.wav", "not audio");
  const TreeDiff d = diff_tree(ref(), out(), Params{}, default_tolerances(), {});
  EXPECT_FALSE(d.ok());
  EXPECT_EQ(d.failures(), 5);
  EXPECT_EQ(file(d, "renders/a.wav").status, FileStatus::Differ);
  EXPECT_NE(file(d, "renders/a.wav").detail.find("rms_db"), std::string::npos);
  EXPECT_EQ(file(d, "walk.json").status, FileStatus::Differ);
  EXPECT_NE(file(d, "walk.json").detail.find("offset 8 (line 2)"), std::string::npos) << file(d, "walk.json").detail;
  EXPECT_EQ(file(d, "gone.svg").status, FileStatus::Missing);
  EXPECT_EQ(file(d, "new/extra.csv").status, FileStatus::Extra);
  EXPECT_EQ(file(d, "renders/bad.wav").status, FileStatus::Error);

  // excluded files are neither compared nor counted
  TreeOptions o;
  o.exclude = {"*.json", "gone.svg", "new/*", "bad.wav"};
  const TreeDiff e = diff_tree(ref(), out(), Params{}, default_tolerances(), o);
  ASSERT_EQ(e.files.size(), 1u);
  EXPECT_EQ(e.files[0].path, "renders/a.wav");

  // a gain within tolerance passes (the same tolerances as a file pair)
  wav("out", "renders/a.wav", signal(1.0001f));
  Tolerances loose = default_tolerances();
  EXPECT_TRUE(file(diff_tree(ref(), out(), Params{}, loose, o), "renders/a.wav").ok());
}

TEST_F(Trees, NotADirectoryIsBadInput) {
  text("ref", "x.txt", "x");
  try {
    diff_tree((root / "ref" / "x.txt").string(), out(), Params{}, default_tolerances(), {});
    FAIL() << "no error";
  } catch (const lw::Error& e) {
    EXPECT_EQ(e.code(), lw::Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("x.txt: is not a directory"), std::string::npos);
  }
}

TEST_F(Trees, JunitHasOneCasePerFileAndTheMeasuresThatFailed) {
  wav("ref", "renders/a.wav", signal());
  wav("out", "renders/a.wav", signal(0.5f));
  text("ref", "same.txt", "s");
  text("out", "same.txt", "s");
  text("ref", "only<ref>.txt", "r");
  const std::string x = junit_xml(diff_tree(ref(), out(), Params{}, default_tolerances(), {}));
  EXPECT_NE(x.find("tests=\"3\" failures=\"2\" errors=\"0\""), std::string::npos) << x;
  EXPECT_NE(x.find("<testcase classname=\"lw-features.diff\" name=\"same.txt\"/>"), std::string::npos) << x;
  EXPECT_NE(x.find("name=\"only&lt;ref&gt;.txt\""), std::string::npos) << x;  // escaped
  EXPECT_NE(x.find("type=\"missing\""), std::string::npos);
  // the failing measures with their values, not the passing ones
  EXPECT_NE(x.find("rms_db: reference"), std::string::npos) << x;
  EXPECT_NE(x.find("tolerance 0.1 dBFS"), std::string::npos) << x;
  EXPECT_EQ(x.find("feature:centroid"), std::string::npos) << x;
}

TEST_F(Trees, ReportHasAPlotPerFailingFile) {
  wav("ref", "renders/a.wav", signal());
  wav("out", "renders/a.wav", signal(0.5f));
  wav("ref", "renders/same.wav", signal());
  wav("out", "renders/same.wav", signal());
  text("ref", "t.txt", "one\ntwo\n");
  text("out", "t.txt", "one\nthree\n");
  const TreeDiff d = diff_tree(ref(), out(), Params{}, default_tolerances(), {});
  const std::string dir = (root / "report").string();
  const auto written = write_report(dir, d, Params{});
  ASSERT_EQ(written.size(), 2u);
  EXPECT_FALSE(fs::exists(root / "report" / "renders" / "same.wav.svg"));
  const std::string a = lw::read_file((root / "report" / "renders" / "a.wav.svg").string());
  EXPECT_NE(a.find("waveforms"), std::string::npos);
  EXPECT_NE(a.find("spectrum"), std::string::npos);
  EXPECT_NE(a.find("rms_db"), std::string::npos);
  const std::string t = lw::read_file((root / "report" / "t.txt.svg").string());
  EXPECT_NE(t.find("three"), std::string::npos);  // the differing line of each
  EXPECT_NE(t.find("two"), std::string::npos);
  const std::string html = lw::read_file((root / "report" / "index.html").string());
  EXPECT_NE(html.find("renders/a.wav.svg"), std::string::npos);
  EXPECT_NE(html.find("t.txt.svg"), std::string::npos);
}

TEST_F(Trees, UpdateMakesTheReferenceACopyOfTheOutputAndListsTheChanges) {
  text("ref", "kept.txt", "k");
  text("out", "kept.txt", "k");
  text("ref", "changed.txt", "old");
  text("out", "changed.txt", "new");
  text("ref", "removed.txt", "r");
  text("out", "sub/added.txt", "a");
  const auto changes = update_tree(ref(), out());
  EXPECT_EQ(changes, (std::vector<std::string>{"updated changed.txt", "removed removed.txt", "added sub/added.txt"}));
  EXPECT_TRUE(diff_tree(ref(), out(), Params{}, default_tolerances(), {}).ok());
  EXPECT_FALSE(fs::exists(root / "ref" / "removed.txt"));
  EXPECT_EQ(lw::read_file((root / "ref" / "changed.txt").string()), "new");
  // nothing beside the tree is left over (staging and old copies)
  int entries = 0;
  for (const auto& e : fs::directory_iterator(root)) entries += e.path().filename().string()[0] == '.' ? 1 : 0;
  EXPECT_EQ(entries, 0);
  // nothing to do the second time
  EXPECT_TRUE(update_tree(ref(), out()).empty());
  // a reference tree that does not exist yet is created
  const auto fresh = update_tree((root / "fresh").string(), out());
  EXPECT_EQ(fresh.size(), 3u);
  EXPECT_TRUE(fs::exists(root / "fresh" / "sub" / "added.txt"));
  // overlapping trees are refused
  EXPECT_THROW(update_tree((root / "out" / "sub").string(), out()), lw::Error);
}
