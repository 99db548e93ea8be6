// Test helper (not installed): `midi_probe dump FILE` prints the notes lw_midi
// reads as "tick,duration,channel,pitch,velocity" lines; `midi_probe copy IN OUT`
// reads and rewrites a file. Used to compare with python3-mido and midicsv.
#include <iostream>

#include "core/error.hpp"
#include "midi/smf.hpp"

int main(int argc, char** argv) {
  try {
    const std::string cmd = argc > 1 ? argv[1] : "";
    if (cmd == "dump" && argc == 3) {
      auto f = lw::midi::read(argv[2]);
      std::cout << "division," << f.division << "\n";
      for (const auto& t : f.tempos) std::cout << "tempo," << t.tick << "," << t.us_per_quarter << "\n";
      for (const auto& n : f.notes)
        std::cout << n.tick << "," << n.duration << "," << n.channel << "," << n.pitch << "," << n.velocity << "\n";
      return 0;
    }
    if (cmd == "copy" && argc == 4) {
      lw::midi::write(argv[3], lw::midi::read(argv[2]));
      return 0;
    }
    std::cerr << "usage: midi_probe dump FILE | copy IN OUT\n";
    return 2;
  } catch (const lw::Error& e) {
    std::cerr << "midi_probe: error: " << e.what() << "\n";
    return int(e.code());
  }
}
