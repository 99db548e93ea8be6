// libFuzzer target for the SMF reader (see run.sh): any input must either
// parse or raise lw::Error; whatever parses must serialise and parse again to
// the same notes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "midi/smf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    lw::midi::File f = lw::midi::parse(bytes, "fuzz.mid");
    lw::midi::File g = lw::midi::parse(lw::midi::serialise(f), "rewritten");
    if (g.notes.size() != f.notes.size()) std::abort();
  } catch (const lw::Error& e) {
    if (e.code() != lw::Exit::BadInput) std::abort();
  }
  return 0;
}
