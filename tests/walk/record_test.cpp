#include "walk/record.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

using namespace lw::walk;
using ::testing::HasSubstr;

namespace {
// Writes messages into a pipe from another thread, with pauses between them.
struct Pipe {
  int fd[2];
  Pipe() { EXPECT_EQ(::pipe(fd), 0); }
  ~Pipe() {
    if (fd[0] >= 0) ::close(fd[0]);
  }
  void write(const std::string& s) { ASSERT_EQ(::write(fd[1], s.data(), s.size()), static_cast<ssize_t>(s.size())); }
  void close_write() { ::close(fd[1]); }
};
}  // namespace

TEST(Record, StampsArrivalTimesAndSkipsBadMessages) {
  Pipe p;
  std::thread writer([&] {
    p.write("{\"x\":0,\"y\":1.6,\"z\":0,\"phi\":350}\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    p.write("not json\n{\"x\":1,\"y\":1.6,\"z\":0,\"phi\":10}\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    p.write("{\"x\":2,\"y\":1.6,\"z\"");  // split across writes
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    p.write(":0,\"azimuth\":20}\n{\"x\":3,\"y\":1.6,\"z\":0,\"phi\":30}");  // last line without newline
    p.close_write();
  });
  std::vector<std::string> warnings;
  RecordResult r = record_stream(p.fd[0], "-", {}, nullptr, [&](const std::string& w) { warnings.push_back(w); });
  writer.join();
  ASSERT_EQ(r.traj.frames.size(), 4u);
  EXPECT_EQ(r.skipped, 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("<stdin>:2: not a JSON object"));
  EXPECT_EQ(r.traj.frames[0].t, 0);
  // Arrival times: the writer slept 120 ms between messages (more under load).
  EXPECT_GE(r.traj.frames[1].t, 0.11);
  EXPECT_LT(r.traj.frames[1].t, 2.0);
  EXPECT_GE(r.traj.frames[2].t - r.traj.frames[1].t, 0.13);
  EXPECT_GT(r.traj.frames[3].t, r.traj.frames[2].t);  // same arrival: spaced apart
  EXPECT_EQ(r.traj.frames[2].azimuth, 20);
  EXPECT_FALSE(r.stopped);
  EXPECT_FALSE(r.timed_out);
}

TEST(Record, KeepsGivenTimesAndStopsAtDuration) {
  Pipe p;
  p.write("{\"t\":5,\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n{\"t\":5.1,\"x\":0,\"y\":0,\"z\":1,\"azimuth\":0}\n"
          "{\"t\":5.05,\"x\":0,\"y\":0,\"z\":1,\"azimuth\":0}\n");
  RecordOptions o;
  o.duration = 0.3;
  o.rate_hz = 10;
  std::vector<std::string> warnings;
  auto start = std::chrono::steady_clock::now();
  RecordResult r = record_stream(p.fd[0], "-", o, nullptr, [&](const std::string& w) { warnings.push_back(w); });
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  p.close_write();
  EXPECT_TRUE(r.timed_out);
  EXPECT_GE(took, 0.29);
  EXPECT_LT(took, 2.0);
  ASSERT_EQ(r.traj.frames.size(), 2u);
  EXPECT_EQ(r.traj.frames[1].t, 5.1);
  EXPECT_EQ(r.traj.rate_hz, 10);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings[0], HasSubstr("does not follow"));
}

TEST(Record, StopFlagEndsRecording) {
  Pipe p;
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    p.write("{\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop = true;
  });
  RecordResult r = record_stream(p.fd[0], "-", {}, &stop, [](const std::string&) {});
  stopper.join();
  p.close_write();
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(r.traj.frames.size(), 1u);
}
