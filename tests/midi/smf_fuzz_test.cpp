// Deterministic mutation fuzzing of the SMF reader: thousands of corrupted
// versions of the test files (bit flips, byte changes, truncations,
// insertions, deletions, tweaked length fields). Every one must either parse
// or be refused with lw::Error(BadInput); whatever parses must write and read
// back to the same notes. Run under valgrind or ASan to catch out-of-bounds
// reads; tests/midi/fuzz/run.sh runs a libFuzzer + ASan/UBSan build.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "midi/smf.hpp"

using namespace lw;

namespace {

std::string mutate(std::string s, std::mt19937_64& rng) {
  const int edits = 1 + int(rng() % 4);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const std::size_t at = std::size_t(rng() % s.size());
    switch (rng() % 7) {
      case 0: s[at] = char(s[at] ^ (1 << (rng() % 8))); break;          // bit flip
      case 1: s[at] = char(rng() & 0xFF); break;                        // random byte
      case 2: s.resize(at); break;                                      // truncation
      case 3: s.insert(at, 1, char(rng() & 0xFF)); break;               // insertion
      case 4: s.erase(at, 1 + rng() % 8); break;                        // deletion
      case 5: {                                                         // chunk length field
        auto p = s.find("MTrk", rng() % s.size());
        if (p == std::string::npos) p = s.find("MTrk");
        if (p != std::string::npos && p + 8 <= s.size()) s[p + 4 + rng() % 4] = char(rng() & 0xFF);
        break;
      }
      default: s[at] = char(std::initializer_list<int>{0x00, 0x7F, 0x80, 0xFF, 0xF0, 0xF7}.begin()[rng() % 6]);
    }
  }
  return s;
}

}  // namespace

TEST(SmfFuzz, CorruptedFilesNeverCrashAndAreRefusedCleanly) {
  std::vector<std::string> seeds;
  for (const auto& e : std::filesystem::directory_iterator(std::string(LW_TESTDATA) + "/midi"))
    if (e.path().extension() == ".mid") seeds.push_back(read_file(e.path().string()));
  ASSERT_GE(seeds.size(), 10u);
  std::mt19937_64 rng(20240601);
  int parsed = 0, refused = 0;
  const int rounds = 20000;
  for (int i = 0; i < rounds; ++i) {
    const std::string bytes = mutate(seeds[std::size_t(i) % seeds.size()], rng);
    try {
      midi::File f = midi::parse(bytes, "fuzz.mid");
      ++parsed;
      midi::File g = midi::parse(midi::serialise(f), "rewritten");
      ASSERT_EQ(f.notes.size(), g.notes.size()) << "case " << i;
    } catch (const Error& e) {
      ASSERT_EQ(e.code(), Exit::BadInput) << "case " << i << ": " << e.what();
      ++refused;
    }
  }
  // Both outcomes occur: the mutations are neither all fatal nor all harmless.
  EXPECT_GT(parsed, rounds / 50);
  EXPECT_GT(refused, rounds / 2);
  std::cout << "fuzz: " << parsed << " parsed, " << refused << " refused\n";
}
