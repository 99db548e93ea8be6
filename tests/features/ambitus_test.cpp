#include <gtest/gtest.h>

#include "features/ambitus.hpp"

using namespace lw::features;

namespace {
// 0.01 s frames; each entry: (frames, midi, confidence).
struct Track {
  std::vector<double> t, midi, conf;
  void add(int frames, double m, double c = 0.9) {
    for (int i = 0; i < frames; ++i) {
      t.push_back(0.01 * double(t.size()));
      midi.push_back(m);
      conf.push_back(c);
    }
  }
};
}  // namespace

TEST(Notes, MedianIgnoresTheAttackAndUnconfidentFrames) {
  Track k;
  k.add(2, 40);          // attack: sub-harmonic, inside note_attack (0.03 s)
  k.add(21, 60.2);  // frames 3..22 after the attack: 20 frames
  k.add(3, 90, 0.1);     // unconfident
  k.add(20, 60.0);
  const auto notes = find_notes(k.t, k.midi, k.conf, {0}, NoteParams{0.7, 0.03});
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NEAR(notes[0].midi, 60.1, 1e-9);
  EXPECT_EQ(notes[0].onset, 0.0);
}

TEST(Notes, LegatoPitchChangeWithoutOnsetMakesTwoNotes) {
  Track k;
  k.add(20, 60);
  k.add(20, 62);
  const auto notes = find_notes(k.t, k.midi, k.conf, {0}, NoteParams{});
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].midi, 60);
  EXPECT_EQ(notes[1].midi, 62);
  EXPECT_NEAR(notes[1].onset, 0.20, 1e-12);
  // Vibrato within kSplitStep stays one note
  Track v;
  for (int i = 0; i < 40; ++i) v.add(1, 60 + 0.3 * ((i / 5) % 2));
  EXPECT_EQ(find_notes(v.t, v.midi, v.conf, {0}, NoteParams{}).size(), 1u);
}

TEST(Notes, SegmentWithoutConfidentFramesIsNoNote) {
  Track k;
  k.add(20, 60);
  k.add(20, 0, 0.0);  // breath after an onset at frame 20
  k.add(20, 64);
  const auto notes = find_notes(k.t, k.midi, k.conf, {0, 20, 40}, NoteParams{});
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[1].midi, 64);
}

TEST(Ambitus, RangeOfTheLastNNotesHeldBetweenOnsets) {
  std::vector<Note> notes;
  const double pitches[] = {60, 72, 61, 62, 63, 64, 65};
  for (int i = 0; i < 7; ++i) notes.push_back(Note{0.5 * i, pitches[i], 0, 0});
  std::vector<double> t;
  for (int i = 0; i < 40; ++i) t.push_back(0.1 * i);
  const auto a = ambitus_track(t, notes, 5);
  EXPECT_EQ(a[0], 0.0);             // one note
  EXPECT_EQ(a[5], 12.0);            // 60, 72
  EXPECT_EQ(a[24], 12.0);           // 60 72 61 62 63 (t = 2.4)
  EXPECT_EQ(a[25], 11.0);           // 72 61 62 63 64 (t = 2.5)
  EXPECT_EQ(a[30], 4.0);            // 61..65
  EXPECT_EQ(a[39], 4.0);            // held after the last onset
  EXPECT_EQ(ambitus_track(t, notes, 2)[30], 1.0);
}
