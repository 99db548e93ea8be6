#include "core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

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

TEST(AtomicOutput, SymlinkIsFollowedAndKept) {
  fs::path d = fresh_dir("symlink");
  std::ofstream(d / "real.txt") << "old";
  fs::create_symlink("real.txt", d / "link.txt");
  lw::write_file_atomically((d / "link.txt").string(), "new");
  EXPECT_TRUE(fs::is_symlink(d / "link.txt"));
  EXPECT_EQ(slurp(d / "real.txt"), "new");
  // A dangling link: the file it names is created, the link stays.
  fs::create_symlink("made.txt", d / "dangling.txt");
  lw::write_file_atomically((d / "dangling.txt").string(), "made");
  EXPECT_TRUE(fs::is_symlink(d / "dangling.txt"));
  EXPECT_EQ(slurp(d / "made.txt"), "made");
}

TEST(AtomicOutput, FifoIsWrittenNotReplaced) {
  fs::path d = fresh_dir("fifo");
  fs::path fifo = d / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string got;
  std::thread reader([&] { got = slurp(fifo); });
  lw::write_file_atomically(fifo.string(), "through the pipe");
  reader.join();
  EXPECT_EQ(got, "through the pipe");
  EXPECT_EQ(fs::status(fifo).type(), fs::file_type::fifo);
}

TEST(AtomicOutput, DevNullStaysADevice) {
  lw::write_file_atomically("/dev/null", "nothing");
  EXPECT_EQ(fs::status("/dev/null").type(), fs::file_type::character);
}

TEST(AtomicOutput, FullDeviceIsBadInputWithTheReason) {
  if (!fs::exists("/dev/full")) GTEST_SKIP();
  try {
    lw::write_file_atomically("/dev/full", std::string(1 << 17, 'x'));
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_EQ(e.code(), lw::Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("No space left"), std::string::npos) << e.what();
  }
}

TEST(AtomicOutput, NotedInputIsNeverReplaced) {
  fs::path d = fresh_dir("noted");
  fs::path scene = d / "scene.yaml";
  std::ofstream(scene) << "landmarks: []\n";
  (void)lw::read_file(scene.string());
  try {
    lw::write_file_atomically(scene.string(), "a walk");
    FAIL();
  } catch (const lw::Error& e) {
    EXPECT_EQ(e.code(), lw::Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("is the input file"), std::string::npos) << e.what();
  }
  EXPECT_EQ(slurp(scene), "landmarks: []\n");
  // --in-place allows exactly that input.
  lw::guard_overwrite({scene.string()}, scene.string(), /*in_place=*/true);
  lw::write_file_atomically(scene.string(), "rewritten");
  EXPECT_EQ(slurp(scene), "rewritten");
}

TEST(AtomicOutput, TempNameSaysWhatItIsAndStaleOnesAreRemoved) {
  fs::path d = fresh_dir("stale");
  fs::path target = d / "w.json";
  // A writer that is gone: a pid far above pid_max's default is never alive.
  fs::path stale = d / ".w.json.partial-by-lw-walk-pid999999999.tmp-AbCdEf";
  fs::path alive = d / (".w.json.partial-by-lw-walk-pid" + std::to_string(::getppid()) + ".tmp-GhIjKl");
  fs::path other = d / ".other.json.partial-by-lw-walk-pid999999999.tmp-MnOpQr";
  for (const auto& p : {stale, alive, other}) std::ofstream(p) << "x";
  {
    lw::AtomicOutput out(target.string());
    const std::string name = fs::path(out.temp_path()).filename().string();
    EXPECT_EQ(name.rfind(".w.json.partial-by-", 0), 0u) << name;
    EXPECT_NE(name.find("-pid" + std::to_string(::getpid()) + ".tmp-"), std::string::npos) << name;
    out.stream() << "{}";
    out.commit();
  }
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(alive));
  EXPECT_TRUE(fs::exists(other));
}

TEST(AtomicOutput, IgnoredSignalsStayIgnored) {
  // In a child: the handlers are installed once per process, by the first output.
  fs::path d = fresh_dir("nohup");
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGHUP, SIG_IGN);
    lw::AtomicOutput out((d / "a.txt").string());
    out.stream() << "a";
    ::raise(SIGHUP);  // nohup's hang-up: must not kill the writer
    out.commit();
    struct sigaction now {};
    ::sigaction(SIGHUP, nullptr, &now);
    ::_exit(now.sa_handler == SIG_IGN ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(slurp(d / "a.txt"), "a");
}
