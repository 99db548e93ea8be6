// Standard MIDI File reading and writing: the test grooves, round trips,
// running status, tempo maps, and every kind of malformed file refused.
#include <gtest/gtest.h>

#include <filesystem>
#include <tuple>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "midi/smf.hpp"

using namespace lw;
using namespace lw::midi;

namespace {

std::string testfile(const std::string& name) { return std::string(LW_TESTDATA) + "/midi/" + name; }

auto key(const Note& n) { return std::make_tuple(n.tick, n.duration, n.channel, n.pitch, n.velocity); }

void expect_same_notes(const File& a, const File& b) {
  ASSERT_EQ(a.notes.size(), b.notes.size());
  for (std::size_t i = 0; i < a.notes.size(); ++i) EXPECT_EQ(key(a.notes[i]), key(b.notes[i])) << "note " << i;
}

// A track chunk around raw event bytes.
std::string track(const std::string& events) {
  std::string s = "MTrk";
  for (int sh = 24; sh >= 0; sh -= 8) s.push_back(char((events.size() >> sh) & 0xFF));
  return s + events;
}
std::string header(int format, int ntracks, int division) {
  return std::string("MThd\0\0\0\x06", 8) + char(format >> 8) + char(format & 0xFF) + char(ntracks >> 8) +
         char(ntracks & 0xFF) + char((division >> 8) & 0xFF) + char(division & 0xFF);
}
const std::string kEot("\x00\xFF\x2F\x00", 4);

void expect_bad(const std::string& bytes, const std::string& fragment) {
  try {
    parse(bytes, "bad.mid");
    FAIL() << "accepted a malformed file (" << fragment << ")";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("bad.mid"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(Smf, ReadsTypeZeroWithRunningStatus) {
  File f = read(testfile("type0-running-status.mid"));
  EXPECT_EQ(f.format, 0);
  EXPECT_EQ(f.division, 240);
  EXPECT_EQ(f.track_count, 1);
  // 4 bars of 16 hi-hats plus kick or snare on every beat.
  ASSERT_EQ(f.notes.size(), 4u * (16 + 4));
  for (const auto& n : f.notes) {
    EXPECT_EQ(n.channel, 9);
    EXPECT_EQ(n.duration, 30u);  // note-on with velocity 0 closes the note
  }
  ASSERT_EQ(f.tempos.size(), 1u);
  EXPECT_EQ(f.tempos[0].us_per_quarter, 600000u);
  EXPECT_DOUBLE_EQ(bpm(f.tempos[0]), 100.0);
  ASSERT_EQ(f.time_signatures.size(), 1u);
  EXPECT_EQ(f.time_signatures[0].numerator, 4);
  EXPECT_EQ(f.time_signatures[0].denominator, 4);
}

TEST(Smf, ReadsTypeOneWithTempoMap) {
  File f = read(testfile("disco.mid"));
  EXPECT_EQ(f.format, 1);
  EXPECT_EQ(f.track_count, 2);
  ASSERT_EQ(f.tempos.size(), 3u);  // 120, then 124 at bar 3 and 128 at bar 4
  EXPECT_EQ(f.tempos[1].tick, 2u * 4 * 480);
  // Two bars at 120 bpm = 4 s, then one bar at 124 bpm.
  EXPECT_NEAR(tick_to_seconds(f, 2 * 4 * 480), 4.0, 1e-9);
  EXPECT_NEAR(tick_to_seconds(f, 3 * 4 * 480), 4.0 + 4 * 60.0 / 124, 1e-6);
  EXPECT_NEAR(tick_to_seconds(f, 4 * 4 * 480), 4.0 + 4 * 60.0 / 124 + 4 * 60.0 / 128, 1e-6);
  std::size_t bass = 0;
  for (const auto& n : f.notes) bass += n.channel == 0;
  EXPECT_EQ(bass, 4u);  // the bass line on channel 1 is read too (the grid ignores it)
}

TEST(Smf, EveryTestFileRoundTripsNotesTempoAndTicks) {
  for (const auto& e : std::filesystem::directory_iterator(std::string(LW_TESTDATA) + "/midi")) {
    if (e.path().extension() != ".mid") continue;
    SCOPED_TRACE(e.path().filename().string());
    File a = read(e.path().string());
    File b = parse(serialise(a), "written");
    EXPECT_EQ(b.format, 1);
    EXPECT_EQ(b.division, a.division);
    expect_same_notes(a, b);
    ASSERT_EQ(a.tempos.size(), b.tempos.size());
    for (std::size_t i = 0; i < a.tempos.size(); ++i) {
      EXPECT_EQ(a.tempos[i].tick, b.tempos[i].tick);
      EXPECT_EQ(a.tempos[i].us_per_quarter, b.tempos[i].us_per_quarter);
    }
    ASSERT_EQ(a.time_signatures.size(), b.time_signatures.size());
    EXPECT_GE(b.end_tick, a.notes.empty() ? 0u : a.notes.back().tick);
  }
}

TEST(Smf, WriterKeepsOverlapsZeroGapsAndExtremes) {
  File f;
  f.division = 96;
  f.tempos = {{0, 500000}, {384, 250000}};
  f.time_signatures = {{0, 7, 8}};
  // Same pitch re-struck at the tick its previous note ends, overlapping notes
  // of one pitch (paired first-in first-out, so they must end in start order),
  // velocity 1 and 127, a long gap (multi-byte delta).
  f.notes = {{0, 10, 9, 36, 1, 1},   {10, 10, 9, 36, 127, 1}, {5, 100, 9, 42, 64, 1},
             {50, 80, 9, 42, 65, 1}, {200000, 1, 0, 60, 99, 1}};
  File g = parse(serialise(f), "w");
  std::sort(f.notes.begin(), f.notes.end(), [](const Note& a, const Note& b) { return key(a) < key(b); });
  expect_same_notes(f, g);
  EXPECT_EQ(g.time_signatures[0].numerator, 7);
  EXPECT_EQ(g.time_signatures[0].denominator, 8);
  EXPECT_EQ(g.tempos[1].tick, 384u);
}

TEST(Smf, RunningStatusAcrossChannelsAndMetaEvents) {
  // note-on ch10, running status, a sysex, a
  // program change (one data byte) with running status.
  std::string ev("\x00\x99\x24\x64"  // note on 36 vel 100
                 "\x0A\x2A\x50"      // running: note on 42 vel 80
                 "\x0A\x24\x00"      // running: note on 36 vel 0 = off
                 "\x00\xF0\x03\x01\x02\xF7"
                 "\x00\xC0\x05"      // program change
                 "\x00\x06"          // running: program change
                 "\x00\x89\x2A\x40", // note off 42
                 25);
  File f = parse(header(0, 1, 480) + track(ev + kEot), "rs.mid");
  ASSERT_EQ(f.notes.size(), 2u);
  EXPECT_EQ(key(f.notes[0]), std::make_tuple(0u, 20u, 9, 36, 100));
  EXPECT_EQ(key(f.notes[1]), std::make_tuple(10u, 10u, 9, 42, 80));
}

TEST(Smf, RunningStatusContinuesAfterMetaEvents) {
  // Not what the standard says, but what some writers do and mido accepts.
  std::string ev("\x00\x99\x24\x64"
                 "\x00\xFF\x01\x01x"
                 "\x10\x24\x00", 12);
  File f = parse(header(0, 1, 480) + track(ev + kEot), "rs.mid");
  ASSERT_EQ(f.notes.size(), 1u);
  EXPECT_EQ(f.notes[0].duration, 16u);
}

TEST(Smf, UnknownChunksAreSkipped) {
  std::string extra = std::string("XFIH\0\0\0\x03", 8) + "abc";
  File f = parse(header(1, 1, 480) + extra + track(std::string("\x00\x99\x24\x64\x10\x89\x24\x40", 8) + kEot), "x");
  EXPECT_EQ(f.notes.size(), 1u);
}

TEST(Smf, RefusesMalformedFiles) {
  const std::string ok_track = track(std::string("\x00\x99\x24\x64\x10\x89\x24\x40", 8) + kEot);
  expect_bad("", "not a Standard MIDI File");
  expect_bad("RIFF....RMIDdata", "RIFF");
  expect_bad("MThd", "not a Standard MIDI File");
  expect_bad(std::string("MThd\0\0\0\x02\0\0\0\x01\x01\xE0", 14) + ok_track, "header length 2");
  expect_bad(header(2, 1, 480) + ok_track, "format 2");
  expect_bad(header(7, 1, 480) + ok_track, "unknown MIDI format");
  expect_bad(header(1, 0, 480), "0 tracks");
  expect_bad(header(0, 2, 480) + ok_track + ok_track, "format 0");
  expect_bad(header(1, 1, 0) + ok_track, "division of 0");
  expect_bad(header(1, 1, 0xE728) + ok_track, "SMPTE");
  expect_bad(header(1, 2, 480) + ok_track, "declares 2 tracks, found 1");
  // Truncated anywhere inside the track.
  std::string full = header(1, 1, 480) + ok_track;
  for (std::size_t cut = 15; cut < full.size(); ++cut) {
    SCOPED_TRACE(cut);
    EXPECT_THROW(parse(full.substr(0, cut), "t.mid"), Error);
  }
  // Chunk length one too long / one too short.
  std::string longer = full;
  longer[21] = char(longer[21] + 1);
  expect_bad(longer, "runs past the end of the file");
  std::string shorter = full;
  shorter[21] = char(shorter[21] - 1);
  expect_bad(shorter, "truncated");
  std::string shorter4 = full;
  shorter4[21] = char(shorter4[21] - 4);  // the whole End of Track falls outside the chunk
  expect_bad(shorter4, "without End of Track");
  expect_bad(header(1, 1, 480) + track(std::string("\x00\x24\x64", 3) + kEot), "running status without");
  expect_bad(header(1, 1, 480) + track(std::string("\x00\x99\x94\x64", 4) + kEot), "data byte >= 0x80");
  expect_bad(header(1, 1, 480) + track(std::string("\x81\x81\x81\x81\x01\x99\x24\x64", 8) + kEot),
             "longer than 4 bytes");
  expect_bad(header(1, 1, 480) + track(std::string("\x00\x99\x24\x64", 4)), "without End of Track");
  expect_bad(header(1, 1, 480) + track(kEot + std::string("\x00\x99\x24\x64", 4)), "after End of Track");
  expect_bad(header(1, 1, 480) + track(std::string("\x00\xFF\x51\x02\x07\xA1", 6) + kEot), "tempo meta event");
  expect_bad(header(1, 1, 480) + track(std::string("\x00\xFF\x51\x03\x00\x00\x00", 7) + kEot), "tempo of 0");
  expect_bad(header(1, 1, 480) + track(std::string("\x00\xFF\x58\x04\x04\x09\x18\x08", 8) + kEot),
             "time signature");
  expect_bad(header(1, 1, 480) + track(std::string("\x00\xF4", 2) + kEot), "not allowed");
  expect_bad(header(1, 1, 480) + track(std::string("\x00\xFF\x01\x7F" "abc", 7) + kEot), "runs past the end of the chunk");
  expect_bad(header(1, 1, 480) + "\x01\x02garbage", "runs past the end of the file");
  expect_bad(header(1, 1, 480) + "\x01\x02", "truncated chunk header");
}

TEST(Smf, ReadNamesTheFileAndWriteIsAtomic) {
  try {
    read(testfile("does-not-exist.mid"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Exit::BadInput);
    EXPECT_NE(std::string(e.what()).find("does-not-exist.mid"), std::string::npos);
  }
  auto dir = std::filesystem::temp_directory_path() / "lw_smf_test";
  std::filesystem::create_directories(dir);
  File f = read(testfile("rock.mid"));
  write((dir / "out.mid").string(), f);
  expect_same_notes(f, read((dir / "out.mid").string()));
  std::filesystem::remove_all(dir);
}
