#include "midi/smf.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <tuple>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace lw::midi {
namespace {

// Sanity limits: a drum loop file is small; anything beyond these is corrupt.
constexpr std::size_t kMaxTracks = 1024;
constexpr std::uint64_t kMaxTick = 0xFFFFFFFFull;

class Cursor {
 public:
  Cursor(const std::string& bytes, std::size_t begin, std::size_t end, std::string name, std::string where)
      : b_(bytes), pos_(begin), end_(end), name_(std::move(name)), where_(std::move(where)) {}

  bool done() const { return pos_ >= end_; }
  std::size_t pos() const { return pos_; }

  [[noreturn]] void fail(const std::string& what) const {
    fail_input(name_, where_ + "byte " + std::to_string(pos_) + ": " + what);
  }

  std::uint8_t u8(const char* what) {
    if (pos_ >= end_) fail(std::string("truncated (expected ") + what + ")");
    return static_cast<std::uint8_t>(b_[pos_++]);
  }
  std::uint8_t peek() const { return static_cast<std::uint8_t>(b_[pos_]); }

  // Variable-length quantity: at most 4 bytes (28 bits).
  std::uint32_t vlq(const char* what) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      std::uint8_t c = u8(what);
      v = (v << 7) | (c & 0x7Fu);
      if (!(c & 0x80u)) return v;
    }
    fail(std::string("variable-length quantity longer than 4 bytes (") + what + ")");
  }

  void skip(std::uint32_t n, const char* what) {
    if (n > end_ - pos_)
      fail(std::string(what) + " of " + std::to_string(n) + " bytes runs past the end of the chunk");
    pos_ += n;
  }

  const std::string& bytes() const { return b_; }

 private:
  const std::string& b_;
  std::size_t pos_, end_;
  std::string name_, where_;
};

std::uint32_t be32(const std::string& b, std::size_t p) {
  return (std::uint32_t(std::uint8_t(b[p])) << 24) | (std::uint32_t(std::uint8_t(b[p + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[p + 2])) << 8) | std::uint32_t(std::uint8_t(b[p + 3]));
}
std::uint16_t be16(const std::string& b, std::size_t p) {
  return std::uint16_t((std::uint16_t(std::uint8_t(b[p])) << 8) | std::uint8_t(b[p + 1]));
}

int data_bytes(std::uint8_t status) {
  switch (status & 0xF0) {
    case 0xC0:
    case 0xD0:
      return 1;
    default:
      return 2;
  }
}

void parse_track(Cursor& c, int track, File& out) {
  std::uint8_t running = 0;
  std::uint64_t tick = 0;
  // Open notes per (channel, pitch): first in, first out.
  std::map<std::pair<int, int>, std::deque<std::size_t>> open;
  bool ended = false;
  while (!c.done()) {
    if (ended) c.fail("data after End of Track (wrong chunk length?)");
    tick += c.vlq("delta time");
    if (tick > kMaxTick) c.fail("tick count exceeds 2^32");
    std::uint8_t first = c.u8("status byte");
    std::uint8_t status;
    bool have_first_data = false;
    if (first & 0x80) {
      status = first;
    } else {
      if (!running) c.fail("running status without a preceding channel status byte");
      status = running;
      have_first_data = true;
    }
    if (status >= 0x80 && status < 0xF0) {
      running = status;
      std::uint8_t d1 = have_first_data ? first : c.u8("data byte");
      if (d1 & 0x80) c.fail("data byte >= 0x80 in a channel message");
      std::uint8_t d2 = 0;
      if (data_bytes(status) == 2) {
        d2 = c.u8("data byte");
        if (d2 & 0x80) c.fail("data byte >= 0x80 in a channel message");
      }
      int ch = status & 0x0F;
      int kind = status & 0xF0;
      if (kind == 0x90 && d2 > 0) {
        Note n;
        n.tick = std::uint32_t(tick);
        n.channel = ch;
        n.pitch = d1;
        n.velocity = d2;
        n.track = track;
        open[{ch, d1}].push_back(out.notes.size());
        out.notes.push_back(n);
      } else if (kind == 0x80 || kind == 0x90) {
        auto it = open.find({ch, d1});
        if (it != open.end() && !it->second.empty()) {  // a stray note-off is harmless
          Note& n = out.notes[it->second.front()];
          n.duration = std::uint32_t(tick - n.tick);
          it->second.pop_front();
        }
      }
    } else if (status == 0xFF) {
      // The standard says meta and sysex events cancel running status, but
      // files in the wild continue it after them (and mido reads those), so
      // the last channel status is kept.
      std::uint8_t type = c.u8("meta type");
      if (type & 0x80) c.fail("meta event type >= 0x80");
      std::uint32_t len = c.vlq("meta length");
      std::size_t at = c.pos();
      c.skip(len, "meta event");
      const std::string& b = c.bytes();
      if (type == 0x2F) {
        if (len != 0) c.fail("End of Track with non-zero length");
        ended = true;
      } else if (type == 0x51) {
        if (len != 3) c.fail("tempo meta event of length " + std::to_string(len) + " (expected 3)");
        std::uint32_t us = (std::uint32_t(std::uint8_t(b[at])) << 16) |
                           (std::uint32_t(std::uint8_t(b[at + 1])) << 8) | std::uint8_t(b[at + 2]);
        if (us == 0) c.fail("tempo of 0 microseconds per quarter note");
        out.tempos.push_back({std::uint32_t(tick), us});
      } else if (type == 0x58) {
        if (len != 4) c.fail("time signature meta event of length " + std::to_string(len) + " (expected 4)");
        int num = std::uint8_t(b[at]);
        int pow2 = std::uint8_t(b[at + 1]);
        if (num == 0 || pow2 > 6) c.fail("time signature " + std::to_string(num) + "/2^" + std::to_string(pow2));
        out.time_signatures.push_back({std::uint32_t(tick), num, 1 << pow2});
      }
    } else if (status == 0xF0 || status == 0xF7) {
      std::uint32_t len = c.vlq("sysex length");
      c.skip(len, "sysex event");
    } else {
      c.fail("status byte 0x" + [](int v) {
        const char* h = "0123456789ABCDEF";
        return std::string{h[v >> 4], h[v & 15]};
      }(status) + " is not allowed in a MIDI file");
    }
  }
  if (!ended) c.fail("track ends without End of Track (truncated or wrong chunk length?)");
  // Notes never switched off last until the end of their track.
  for (auto& kv : open)
    for (std::size_t i : kv.second) out.notes[i].duration = std::uint32_t(tick - out.notes[i].tick);
  out.end_tick = std::max(out.end_tick, std::uint32_t(tick));
}

}  // namespace

File parse(const std::string& b, const std::string& name) {
  File out;
  if (b.size() < 14 || b.compare(0, 4, "MThd") != 0) {
    if (b.size() >= 4 && b.compare(0, 4, "RIFF") == 0)
      fail_input(name, "RIFF MIDI (.rmi) is not supported; extract the Standard MIDI File inside");
    fail_input(name, "not a Standard MIDI File (no MThd header)");
  }
  std::uint32_t hlen = be32(b, 4);
  if (hlen < 6) fail_input(name, "MThd header length " + std::to_string(hlen) + " (expected 6)");
  if (hlen > b.size() - 8) fail_input(name, "MThd header length " + std::to_string(hlen) + " runs past the end of the file");
  int format = be16(b, 8);
  int ntracks = be16(b, 10);
  int division = be16(b, 12);
  if (format == 2) fail_input(name, "MIDI format 2 (independent sequences) is not supported");
  if (format > 2) fail_input(name, "unknown MIDI format " + std::to_string(format));
  if (ntracks == 0) fail_input(name, "header declares 0 tracks");
  if (std::size_t(ntracks) > kMaxTracks) fail_input(name, "header declares " + std::to_string(ntracks) + " tracks");
  if (format == 0 && ntracks != 1)
    fail_input(name, "format 0 file declares " + std::to_string(ntracks) + " tracks (expected 1)");
  if (division & 0x8000) fail_input(name, "SMPTE time division is not supported (ticks per quarter note expected)");
  if (division == 0) fail_input(name, "time division of 0 ticks per quarter note");
  out.format = format;
  out.division = division;

  std::size_t pos = 8 + std::size_t(hlen);
  int tracks = 0;
  while (tracks < ntracks) {
    if (pos == b.size())
      fail_input(name, "truncated: header declares " + std::to_string(ntracks) + " tracks, found " +
                           std::to_string(tracks));
    if (b.size() - pos < 8) fail_input(name, "byte " + std::to_string(pos) + ": truncated chunk header");
    std::string id = b.substr(pos, 4);
    std::uint32_t len = be32(b, pos + 4);
    if (len > b.size() - pos - 8)
      fail_input(name, "byte " + std::to_string(pos) + ": chunk length " + std::to_string(len) +
                           " runs past the end of the file (truncated or wrong length)");
    std::size_t begin = pos + 8, end = begin + len;
    if (id == "MTrk") {
      Cursor c(b, begin, end, name, "track " + std::to_string(tracks) + ", ");
      parse_track(c, tracks, out);
      ++tracks;
    } else {
      for (char ch : id)
        if (ch < 0x20 || ch > 0x7E)
          fail_input(name, "byte " + std::to_string(pos) + ": garbage where a chunk header was expected");
      // Unknown chunk types are skipped, as the standard asks.
    }
    pos = end;
  }
  // Trailing bytes after the declared tracks are tolerated (some writers pad).
  out.track_count = tracks;
  auto by_tick = [](const auto& a, const auto& b2) { return a.tick < b2.tick; };
  std::stable_sort(out.notes.begin(), out.notes.end(), [](const Note& a, const Note& c) {
    return std::tie(a.tick, a.channel, a.pitch) < std::tie(c.tick, c.channel, c.pitch);
  });
  std::stable_sort(out.tempos.begin(), out.tempos.end(), by_tick);
  std::stable_sort(out.time_signatures.begin(), out.time_signatures.end(), by_tick);
  return out;
}

File read(const std::string& path) { return parse(read_file(path, 64u << 20), display_name(path)); }

namespace {

void put_vlq(std::string& s, std::uint32_t v) {
  char buf[5];
  int n = 0;
  buf[n++] = char(v & 0x7F);
  while (v >>= 7) buf[n++] = char((v & 0x7F) | 0x80);
  while (n) s.push_back(buf[--n]);
}
void put32(std::string& s, std::uint32_t v) {
  for (int sh = 24; sh >= 0; sh -= 8) s.push_back(char((v >> sh) & 0xFF));
}
void put16(std::string& s, std::uint32_t v) {
  s.push_back(char((v >> 8) & 0xFF));
  s.push_back(char(v & 0xFF));
}

struct Raw {
  std::uint64_t tick;
  int order;  // 0 meta, 1 note-off, 2 note-on: the order at equal ticks
  std::string bytes;
};

std::string chunk(std::vector<Raw> events, std::uint64_t end_tick) {
  std::stable_sort(events.begin(), events.end(),
                   [](const Raw& a, const Raw& b) { return std::tie(a.tick, a.order) < std::tie(b.tick, b.order); });
  std::string body;
  std::uint64_t last = 0;
  for (const Raw& e : events) {
    put_vlq(body, std::uint32_t(e.tick - last));
    body += e.bytes;
    last = e.tick;
  }
  put_vlq(body, std::uint32_t(std::max(end_tick, last) - last));
  body += std::string("\xFF\x2F\x00", 3);
  std::string out = "MTrk";
  put32(out, std::uint32_t(body.size()));
  return out + body;
}

}  // namespace

std::string serialise(const File& f) {
  if (f.division <= 0 || f.division > 0x7FFF) fail_internal("MIDI division out of range");
  std::vector<Raw> meta;
  for (const auto& ts : f.time_signatures) {
    int pow2 = 0;
    while ((1 << pow2) < ts.denominator) ++pow2;
    if ((1 << pow2) != ts.denominator || ts.numerator < 1 || ts.numerator > 255)
      fail_internal("time signature out of range");
    std::string e("\xFF\x58\x04", 3);
    e += char(ts.numerator);
    e += char(pow2);
    e += char(24);  // MIDI clocks per metronome click
    e += char(8);   // 32nd notes per quarter
    meta.push_back({ts.tick, 0, e});
  }
  for (const auto& t : f.tempos) {
    if (t.us_per_quarter == 0 || t.us_per_quarter > 0xFFFFFF) fail_internal("tempo out of range");
    std::string e("\xFF\x51\x03", 3);
    e += char((t.us_per_quarter >> 16) & 0xFF);
    e += char((t.us_per_quarter >> 8) & 0xFF);
    e += char(t.us_per_quarter & 0xFF);
    meta.push_back({t.tick, 0, e});
  }
  std::vector<Raw> notes;
  std::uint64_t end = f.end_tick;
  for (const auto& n : f.notes) {
    if (n.channel < 0 || n.channel > 15 || n.pitch < 0 || n.pitch > 127 || n.velocity < 1 || n.velocity > 127)
      fail_internal("note out of range");
    std::string on{char(0x90 | n.channel), char(n.pitch), char(n.velocity)};
    std::string off{char(0x80 | n.channel), char(n.pitch), char(0x40)};
    notes.push_back({n.tick, 2, on});
    notes.push_back({std::uint64_t(n.tick) + n.duration, 1, off});
    end = std::max<std::uint64_t>(end, std::uint64_t(n.tick) + n.duration);
  }
  if (end > kMaxTick) fail_internal("MIDI file longer than 2^32 ticks");
  std::string out = "MThd";
  put32(out, 6);
  put16(out, 1);
  put16(out, 2);
  put16(out, std::uint32_t(f.division));
  out += chunk(meta, end);
  out += chunk(notes, end);
  return out;
}

void write(const std::string& target, const File& file) { write_file_atomically(target, serialise(file)); }

double tick_to_seconds(const File& f, std::uint64_t tick) {
  double seconds = 0;
  std::uint64_t at = 0;
  double us = 500000;
  for (const auto& t : f.tempos) {
    if (t.tick >= tick) break;
    seconds += double(t.tick - at) * us / (1e6 * f.division);
    at = t.tick;
    us = t.us_per_quarter;
  }
  return seconds + double(tick - at) * us / (1e6 * f.division);
}

double bpm(const TempoChange& t) { return 60e6 / t.us_per_quarter; }

}  // namespace lw::midi
