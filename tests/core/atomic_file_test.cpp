#include "core/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace {
fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("lw_core_test_" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST(AtomicOutput, NothingAppearsUntilCommit) {
  fs::path d = fresh_dir("commit");
  fs::path target = d / "out.txt";
  {
    lw::AtomicOutput out(target.string());
    out.stream() << "hello";
    EXPECT_FALSE(fs::exists(target));
    out.commit();
  }
  EXPECT_EQ(slurp(target), "hello");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
}

TEST(AtomicOutput, FailureKeepsTheOldFileAndLeavesNoTemp) {
  fs::path d = fresh_dir("fail");
  fs::path target = d / "out.txt";
  std::ofstream(target) << "precious";
  try {
    lw::AtomicOutput out(target.string());
    out.stream() << "half written";
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(slurp(target), "precious");
  EXPECT_EQ(std::distance(fs::directory_iterator(d), fs::directory_iterator()), 1);
}

TEST(AtomicOutput, MissingDirectoryIsBadUsage) {
  try {
    lw::AtomicOutput out("/nonexistent-dir-lw/out.txt");
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_EQ(e.code(), lw::Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
  }
}

TEST(GuardOverwrite, RefusesInputAsOutput) {
  fs::path d = fresh_dir("guard");
  fs::path in = d / "walk.json";
  std::ofstream(in) << "{}";
  EXPECT_THROW(lw::guard_overwrite({in.string()}, (d / "." / "walk.json").string()), lw::Error);
  EXPECT_NO_THROW(lw::guard_overwrite({in.string()}, in.string(), /*in_place=*/true));
  EXPECT_NO_THROW(lw::guard_overwrite({in.string()}, (d / "other.json").string()));
}

TEST(GuardOverwrite, NamesInPlaceOnlyWhereItIsOffered) {
  fs::path d = fresh_dir("guard_hint");
  fs::path in = d / "walk.json";
  std::ofstream(in) << "{}";
  auto message = [&](auto&& call) {
    try {
      call();
    } catch (const lw::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string offered = message([&] { lw::guard_overwrite({in.string()}, in.string(), false); });
  const std::string not_offered = message([&] { lw::guard_overwrite({in.string()}, in.string()); });
  EXPECT_NE(offered.find("refusing to overwrite it (use --in-place"), std::string::npos) << offered;
  EXPECT_NE(not_offered.find("refusing to overwrite it"), std::string::npos) << not_offered;
  EXPECT_EQ(not_offered.find("--in-place"), std::string::npos) << not_offered;
}
