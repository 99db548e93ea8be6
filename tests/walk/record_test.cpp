#include "walk/record.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "test_util.hpp"
#include "walk/trajectory_io.hpp"

using namespace lw;
using namespace lw::walk;
using ::testing::HasSubstr;
using ms = std::chrono::milliseconds;

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

struct Notes {
  std::vector<std::string> v;
  std::function<void(const std::string&)> fn() {
    return [this](const std::string& s) { v.push_back(s); };
  }
};

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool exists(const std::string& p) {
  struct stat st;
  return ::stat(p.c_str(), &st) == 0;
}

std::string parse_error(const std::string& msg) {
  return test::error_of([&] { parse_stream_message(msg); });
}
}  // namespace

// ---------------------------------------------------------------- messages

TEST(StreamMessage, ObjectArrayAndCsv) {
  auto a = parse_stream_message(R"({"x":1,"y":1.6,"z":-2,"phi":350})");
  ASSERT_EQ(a.size(), 1u);
  EXPECT_FALSE(a[0].has_t);
  EXPECT_EQ(a[0].frame.z, -2);
  EXPECT_EQ(a[0].frame.azimuth, 350);
  EXPECT_EQ(a[0].walker, "");
  auto b = parse_stream_message(R"([{"t":1,"x":0,"y":0,"z":0,"azimuth":5,"walker":"ann"},{"t":2,"x":1,"y":0,"z":0,"azimuth":6,"id":7}])");
  ASSERT_EQ(b.size(), 2u);
  EXPECT_TRUE(b[0].has_t);
  EXPECT_EQ(b[0].walker, "ann");
  EXPECT_EQ(b[1].walker, "7");
  EXPECT_EQ(b[1].frame.t, 2);
  auto c = parse_stream_message("0.5,1,1.6,2,90\n");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_TRUE(c[0].has_t);
  EXPECT_EQ(c[0].frame.t, 0.5);
  EXPECT_EQ(c[0].frame.azimuth, 90);
  auto d = parse_stream_message("1,1.6,2,90");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_FALSE(d[0].has_t);
  EXPECT_EQ(d[0].frame.x, 1);
  auto e = parse_stream_message("0,1,1.6,2,90,bob");
  EXPECT_EQ(e[0].walker, "bob");
  EXPECT_TRUE(parse_stream_message("t,x,y,z,azimuth").empty());                                // a CSV header
  EXPECT_TRUE(parse_stream_message(R"({"format":"latentwalk.trajectory","version":1})").empty());  // a header line
}

TEST(StreamMessage, BadMessagesSayWhat) {
  EXPECT_THAT(parse_error("oops"), HasSubstr("not a JSON object"));
  EXPECT_THAT(parse_error("{\"x\":1,"), HasSubstr("not a JSON object"));
  EXPECT_THAT(parse_error(R"({"x":-1e999,"y":0,"z":0,"phi":0})"), HasSubstr("out of range"));
  EXPECT_THAT(parse_error(R"({"x":1,"y":0,"z":0})"), HasSubstr("missing \"azimuth\""));
  EXPECT_THAT(parse_error(R"({"x":"1","y":0,"z":0,"phi":0})"), HasSubstr("\"x\" must be a number"));
  EXPECT_THAT(parse_error(R"({"x":1,"y":0,"z":0,"phi":0,"walker":"../etc"})"), HasSubstr("not a usable walker name"));
  EXPECT_THAT(parse_error(R"([{"x":1,"y":0,"z":0,"phi":0},3])"), HasSubstr("item 1 of the array"));
  EXPECT_THAT(parse_error("[]"), HasSubstr("empty JSON array"));
  EXPECT_THAT(parse_error("1,2,nan,4"), HasSubstr("not a finite number"));
  EXPECT_THAT(parse_error("1,2,3"), HasSubstr("not a JSON object"));
  EXPECT_THAT(parse_error("   "), HasSubstr("empty message"));
}

TEST(StreamMessage, WalkerNames) {
  EXPECT_TRUE(valid_walker_name("w1"));
  EXPECT_TRUE(valid_walker_name("Anna-2.b_c"));
  EXPECT_FALSE(valid_walker_name(""));
  EXPECT_FALSE(valid_walker_name(".hidden"));
  EXPECT_FALSE(valid_walker_name("a/b"));
  EXPECT_FALSE(valid_walker_name("a b"));
  EXPECT_FALSE(valid_walker_name(std::string(65, 'a')));
}

// ---------------------------------------------------------------- recorder

TEST(Recorder, StampsArrivalSkipsBadDropsBackwards) {
  Notes notes;
  Recorder rec({}, notes.fn());
  auto t0 = RecordClock::now();
  rec.message(R"({"x":0,"y":1.6,"z":0,"phi":350})", "w1", "c1", t0);
  rec.message("garbage", "w1", "c1", t0 + ms(50));
  rec.message(R"({"x":1,"y":1.6,"z":0,"phi":10})", "w1", "c1", t0 + ms(100));
  rec.message(R"({"x":2,"y":1.6,"z":0,"phi":20})", "w1", "c1", t0 + ms(100));  // same arrival: spaced apart
  rec.message(R"({"t":3,"x":0,"y":0,"z":0,"phi":0,"walker":"bob"})", "w1", "c1", t0 + ms(150));
  rec.message(R"({"t":2.5,"x":9,"y":0,"z":0,"phi":0,"walker":"bob"})", "w1", "c1", t0 + ms(160));  // backwards
  rec.message(R"({"t":3,"x":9,"y":0,"z":0,"phi":0,"walker":"bob"})", "w1", "c1", t0 + ms(170));    // not after
  rec.message(R"({"t":3.1,"x":1,"y":0,"z":0,"phi":0,"walker":"bob"})", "w1", "c1", t0 + ms(180));
  rec.message(R"({"x":5,"y":0,"z":0,"phi":0,"walker":"bob"})", "w1", "c1", t0 + ms(190));  // lost its t
  const auto& ws = rec.walkers();
  ASSERT_EQ(ws.size(), 2u);
  EXPECT_EQ(ws[0].name, "w1");
  ASSERT_EQ(ws[0].traj.frames.size(), 3u);
  EXPECT_EQ(ws[0].traj.frames[0].t, 0);
  EXPECT_DOUBLE_EQ(ws[0].traj.frames[1].t, 0.1);
  EXPECT_DOUBLE_EQ(ws[0].traj.frames[2].t, 0.1 + 1e-6);
  EXPECT_EQ(ws[1].name, "bob");
  ASSERT_EQ(ws[1].traj.frames.size(), 2u);
  EXPECT_EQ(ws[1].traj.frames[1].t, 3.1);
  EXPECT_EQ(ws[1].dropped_backwards, 2u);
  EXPECT_EQ(rec.counts().messages, 9u);
  EXPECT_EQ(rec.counts().frames, 5u);
  EXPECT_EQ(rec.counts().bad, 2u);
  EXPECT_EQ(rec.counts().backwards, 2u);
  ASSERT_EQ(notes.v.size(), 4u);
  EXPECT_THAT(notes.v[0], HasSubstr("c1: not a JSON object"));
  EXPECT_THAT(notes.v[1], HasSubstr("t 2.5 does not follow 3"));
  EXPECT_THAT(notes.v[3], HasSubstr("no \"t\" while its earlier frames had one"));
}

TEST(Recorder, MaxWalkersRefusesNewNames) {
  Notes notes;
  RecorderOptions o;
  o.max_walkers = 2;
  Recorder rec(o, notes.fn());
  auto t = RecordClock::now();
  EXPECT_TRUE(rec.message(R"({"x":0,"y":0,"z":0,"phi":0})", "a", "c", t));
  EXPECT_TRUE(rec.message(R"({"x":0,"y":0,"z":0,"phi":0})", "b", "c", t));
  EXPECT_FALSE(rec.message(R"({"x":0,"y":0,"z":0,"phi":0})", "c", "c", t));
  EXPECT_TRUE(rec.message(R"({"x":1,"y":0,"z":0,"phi":0})", "a", "c", t + ms(10)));
  EXPECT_EQ(rec.walkers().size(), 2u);
  EXPECT_EQ(rec.counts().refused, 1u);
  EXPECT_THAT(notes.v.at(0), HasSubstr("more than --max-walkers 2"));
}

TEST(Recorder, ForwardsEveryAcceptedFrame) {
  std::vector<std::pair<std::string, double>> sent;
  RecorderOptions o;
  o.forward = [&](const std::string& w, const Frame& f) { sent.emplace_back(w, f.x); };
  Recorder rec(o, [](const std::string&) {});
  auto t = RecordClock::now();
  rec.message(R"([{"x":1,"y":0,"z":0,"phi":0},{"x":2,"y":0,"z":0,"phi":0,"walker":"z"}])", "w1", "c", t);
  rec.message("bad", "w1", "c", t);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0], std::make_pair(std::string("w1"), 1.0));
  EXPECT_EQ(sent[1], std::make_pair(std::string("z"), 2.0));
}

// ---------------------------------------------------------------- journal

TEST(Journal, EveryFrameIsOnDiskAtOnceAndRecoversAfterACrash) {
  test::TempDir dir;
  RecorderOptions o;
  o.journal = dir.path("rec.journal");
  o.rate_hz = 10;
  auto rec = std::make_unique<Recorder>(o, [](const std::string&) {});
  auto t = RecordClock::now();
  rec->message(R"({"t":0,"x":0.1,"y":1.6,"z":0,"phi":0})", "w1", "c", t);
  rec->message(R"({"t":0.1,"x":0.2,"y":1.6,"z":0,"phi":1,"walker":"b"})", "w1", "c", t);
  rec->message(R"({"t":0.2,"x":0.30000000000000004,"y":1.6,"z":0,"phi":2})", "w1", "c", t);
  // Without closing the recorder (as after kill -9), the file already holds every frame.
  std::string j = slurp(o.journal);
  EXPECT_EQ(std::count(j.begin(), j.end(), '\n'), 4);
  // A crash in the middle of a line: that frame is lost, the others are not.
  std::ofstream(o.journal, std::ios::app) << R"({"walker":"w1","t":0.3,"x":)";
  Recovered r = read_journal(o.journal);
  EXPECT_TRUE(r.torn_tail);
  EXPECT_EQ(r.lines, 3u);
  ASSERT_EQ(r.walkers.size(), 2u);
  EXPECT_EQ(r.walkers[0].name, "w1");
  ASSERT_EQ(r.walkers[0].traj.frames.size(), 2u);
  EXPECT_EQ(r.walkers[0].traj.frames[1].x, 0.30000000000000004);  // lossless numbers
  EXPECT_EQ(r.walkers[0].traj.rate_hz, 10);
  EXPECT_EQ(r.walkers[1].traj.frames.at(0).azimuth, 1);
  // A second recording refuses to replace a journal that was not recovered.
  EXPECT_THAT(test::error_of([&] { Recorder again(o, [](const std::string&) {}); }), HasSubstr("--recover"));
  rec->remove_journal();
  EXPECT_FALSE(exists(o.journal));
}

TEST(Journal, DamageBeforeTheLastLineIsAnError) {
  test::TempDir dir;
  auto p = dir.file("j", "{\"format\":\"latentwalk.record-journal\",\"version\":1}\n"
                         "{\"walker\":\"w1\",\"t\":0,\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n"
                         "{\"walker\":\"w1\",\"t\":0.1,\"x\":\n"
                         "{\"walker\":\"w1\",\"t\":0.2,\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n");
  EXPECT_THAT(test::error_of([&] { read_journal(p); }), HasSubstr(":3: damaged journal line"));
  auto q = dir.file("k", "{\"t\":0,\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n");
  EXPECT_THAT(test::error_of([&] { read_journal(q); }), HasSubstr("not a journal of lw-walk record"));
  auto e = dir.file("e", "");
  EXPECT_THAT(test::error_of([&] { read_journal(e); }), HasSubstr("is empty"));
}

// ---------------------------------------------------------------- outputs

TEST(Outputs, OneFilePerWalkerOrAWalkerColumn) {
  test::TempDir dir;
  Recorder rec({}, [](const std::string&) {});
  auto t = RecordClock::now();
  for (int i = 0; i < 5; ++i) {
    rec.message("{\"t\":" + std::to_string(i * 0.1) + ",\"x\":" + std::to_string(i) + ",\"y\":0,\"z\":0,\"phi\":0,\"walker\":\"ann\"}", "w", "c", t);
    rec.message("{\"t\":" + std::to_string(i * 0.1) + ",\"x\":0,\"y\":0,\"z\":" + std::to_string(i) + ",\"phi\":90,\"walker\":\"bo\"}", "w", "c", t);
  }
  rec.finish();
  auto per = write_recording({dir.path("{walker}.csv"), std::nullopt}, rec.walkers(), "test");
  ASSERT_EQ(per.size(), 2u);
  EXPECT_EQ(read_trajectory(dir.path("ann.csv")).frames.at(4).x, 4);
  EXPECT_EQ(read_trajectory(dir.path("bo.csv")).frames.at(3).z, 3);
  for (const char* ext : {".ndjson", ".csv"}) {
    std::string p = dir.path(std::string("all") + ext);
    ASSERT_EQ(write_recording({p, std::nullopt}, rec.walkers(), "test").size(), 1u);
    auto back = read_walkers(p);
    ASSERT_EQ(back.size(), 2u) << ext;
    EXPECT_EQ(back[0].name, "ann");
    EXPECT_EQ(back[1].name, "bo");
    EXPECT_EQ(back[1].traj.frames.size(), 5u);
    EXPECT_EQ(back[1].traj.frames[4].z, 4);
    EXPECT_EQ(back[0].traj.rate_hz, 10);
  }
  // JSON holds one walk: one file per walker beside the name given.
  auto js = write_recording({dir.path("rec.json"), std::nullopt}, rec.walkers(), "test");
  ASSERT_EQ(js.size(), 2u);
  EXPECT_EQ(js[0], dir.path("rec.ann.json"));
  EXPECT_EQ(read_walkers(js[1]).at(0).name, "rec.bo");
  // One walker: an ordinary trajectory, readable by every subcommand.
  Recorder one({}, [](const std::string&) {});
  one.message(R"({"t":0,"x":0,"y":0,"z":0,"phi":0})", "w1", "c", t);
  one.message(R"({"t":0.5,"x":1,"y":0,"z":0,"phi":0})", "w1", "c", t);
  one.finish();
  write_recording({dir.path("one.ndjson"), std::nullopt}, one.walkers(), "test");
  EXPECT_EQ(read_trajectory(dir.path("one.ndjson")).frames.size(), 2u);
  EXPECT_EQ(read_trajectory(dir.path("one.ndjson")).rate_hz, 2);
  EXPECT_EQ(default_journal_path({"walks/{walker}.json", std::nullopt}), "walks/all.json.journal");
  EXPECT_EQ(default_journal_path({"-", std::nullopt}), "");
}

// ---------------------------------------------------------------- stdin

TEST(RecordLines, StampsArrivalTimesAndSkipsBadMessages) {
  Pipe p;
  std::thread writer([&] {
    p.write("{\"x\":0,\"y\":1.6,\"z\":0,\"phi\":350}\n");
    std::this_thread::sleep_for(ms(120));
    p.write("not json\n{\"x\":1,\"y\":1.6,\"z\":0,\"phi\":10}\n");
    std::this_thread::sleep_for(ms(120));
    p.write("{\"x\":2,\"y\":1.6,\"z\"");  // split across writes
    std::this_thread::sleep_for(ms(20));
    p.write(":0,\"azimuth\":20}\n{\"x\":-1e999,\"y\":0,\"z\":0,\"phi\":0}\n{\"x\":3,\"y\":1.6,\"z\":0,\"phi\":30}");
    p.close_write();
  });
  Notes notes;
  Recorder rec({}, notes.fn());
  StopReason why = record_lines(p.fd[0], "-", rec, 0, 0, nullptr);
  writer.join();
  EXPECT_EQ(why, StopReason::EndOfInput);
  ASSERT_EQ(rec.walkers().size(), 1u);
  const auto& f = rec.walkers()[0].traj.frames;
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(rec.counts().bad, 2u);
  ASSERT_EQ(notes.v.size(), 2u);
  EXPECT_THAT(notes.v[0], HasSubstr("<stdin>:2: not a JSON object"));
  EXPECT_THAT(notes.v[1], HasSubstr("<stdin>:5: a number out of range"));
  EXPECT_EQ(f[0].t, 0);
  EXPECT_GE(f[1].t, 0.11);  // the writer slept 120 ms (more under load)
  EXPECT_LT(f[1].t, 2.0);
  EXPECT_GE(f[2].t - f[1].t, 0.13);
  EXPECT_GT(f[3].t, f[2].t);
  EXPECT_EQ(f[2].azimuth, 20);
}

TEST(RecordLines, DurationIdleAndStop) {
  {
    Pipe p;
    p.write("{\"t\":5,\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n");
    Recorder rec({}, [](const std::string&) {});
    auto start = RecordClock::now();
    EXPECT_EQ(record_lines(p.fd[0], "-", rec, 0.3, 0, nullptr), StopReason::Duration);
    double took = std::chrono::duration<double>(RecordClock::now() - start).count();
    EXPECT_GE(took, 0.29);
    EXPECT_LT(took, 3.0);
    p.close_write();
  }
  {
    Pipe p;
    p.write("{\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n");
    Recorder rec({}, [](const std::string&) {});
    EXPECT_EQ(record_lines(p.fd[0], "-", rec, 10, 0.3, nullptr), StopReason::Idle);
    p.close_write();
  }
  {
    Pipe p;
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
      p.write("{\"x\":0,\"y\":0,\"z\":0,\"azimuth\":0}\n");
      std::this_thread::sleep_for(ms(100));
      stop = true;
    });
    Recorder rec({}, [](const std::string&) {});
    EXPECT_EQ(record_lines(p.fd[0], "-", rec, 0, 0, &stop), StopReason::Signal);
    stopper.join();
    p.close_write();
    EXPECT_EQ(rec.counts().frames, 1u);
  }
}

TEST(WarnThrottle, HoldsBackAFlood) {
  std::vector<std::string> out;
  WarnThrottle w([&](const std::string& s) { out.push_back(s); });
  for (int i = 0; i < 1000; ++i) w("bad " + std::to_string(i));
  w.flush();
  EXPECT_LE(out.size(), 23u);
  EXPECT_EQ(out[0], "bad 0");
  EXPECT_THAT(out.back(), HasSubstr("held back"));
}

TEST(Recorder, NotesKeepControlBytesOffTheTerminal) {
  Notes notes;
  Recorder rec({}, notes.fn());
  rec.message(std::string("\x1b[2J\x00garbage", 12), "w1", "c", RecordClock::now());
  ASSERT_EQ(notes.v.size(), 1u);
  EXPECT_THAT(notes.v[0], HasSubstr("'?[2J?garbage'"));
  EXPECT_EQ(rec.counts().bad, 1u);
}
