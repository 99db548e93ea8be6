// latentwalk.features v1, JSON and CSV (see man/latentwalk.7).
#include <cctype>
#include <charconv>
#include <fstream>
#include <iostream>
#include <cmath>
#include <sstream>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "core/line_reader.hpp"
#include "core/numfmt.hpp"
#include "features/extract.hpp"
#include "features/preset_lse.hpp"

namespace lw::features {

// Declared in preset_lse.hpp; defined here, with the table reader that uses
// it, so the parsers link without the analysis code (tests/fuzz).
std::string canonical_settings(const std::string& text) {
  if (text.empty()) return text;
  try {
    return nlohmann::json::parse(text).dump();
  } catch (const nlohmann::json::exception&) {
    return text;
  }
}


namespace {

std::string quote(const std::string& s) { return json(s).dump(); }

bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

void check_shape(const Table& t, const std::string& path) {
  if (t.names.empty()) fail_input(path, "no feature columns");
  for (std::size_t i = 0; i < t.names.size(); ++i) {
    if (t.names[i].empty()) fail_input(path, "feature " + std::to_string(i) + " has an empty name");
    for (std::size_t j = 0; j < i; ++j)
      if (t.names[j] == t.names[i]) fail_input(path, "feature '" + t.names[i] + "' appears twice");
  }
  for (std::size_t i = 1; i < t.times.size(); ++i)
    if (!(t.times[i] > t.times[i - 1]))
      fail_input(path, "frame " + std::to_string(i) + ": time " + format_double(t.times[i]) +
                           " does not increase");
}

Table read_json_table(const std::string& path) {
  const json doc = read_json_file(path);
  check_format(doc, path, "latentwalk.features", 1);
  Table t;
  auto size_field = [&](const char* key) {
    const double v = get_number(doc, key, path);
    if (!(v >= 0 && v <= 2147483647.0)) fail_input(path, std::string("\"") + key + "\" is not a valid size");
    return int(v);
  };
  t.sample_rate = size_field("sample_rate");
  t.hop = size_field("hop");
  if (doc.contains("window")) t.window = size_field("window");
  if (doc.contains("source") && doc["source"].is_string()) t.source = doc["source"].get<std::string>();
  if (doc.contains("preset") && doc["preset"].is_string()) t.preset = doc["preset"].get<std::string>();
  if (doc.contains("settings") && doc["settings"].is_object()) t.settings = doc["settings"].dump();
  const json& feats = get_field(doc, "features", path);
  if (!feats.is_array()) fail_input(path, "\"features\" must be an array of {name, unit}");
  for (std::size_t i = 0; i < feats.size(); ++i) {
    const std::string where = "features[" + std::to_string(i) + "]";
    const json& name = get_field(feats[i], "name", path, where);
    if (!name.is_string()) fail_input(path, where + ".name must be a string");
    t.names.push_back(name.get<std::string>());
    t.units.push_back(feats[i].contains("unit") && feats[i]["unit"].is_string() ? feats[i]["unit"].get<std::string>()
                                                                                : "");
  }
  const json& times = get_field(doc, "times", path);
  const json& frames = get_field(doc, "frames", path);
  if (!times.is_array() || !frames.is_array()) fail_input(path, "\"times\" and \"frames\" must be arrays");
  if (times.size() != frames.size())
    fail_input(path, std::to_string(times.size()) + " times but " + std::to_string(frames.size()) + " frames");
  t.times.reserve(times.size());
  t.values.reserve(frames.size() * t.names.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (!times[i].is_number() || !std::isfinite(times[i].get<double>()))
      fail_input(path, "times[" + std::to_string(i) + "] is not a finite number");
    t.times.push_back(times[i].get<double>());
    const json& row = frames[i];
    if (!row.is_array() || row.size() != t.names.size())
      fail_input(path, "frames[" + std::to_string(i) + "] must be an array of " + std::to_string(t.names.size()) +
                           " numbers");
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (!row[c].is_number() || !std::isfinite(row[c].get<double>()))
        fail_input(path, "frames[" + std::to_string(i) + "][" + std::to_string(c) + "] (" + t.names[c] +
                             ") is not a finite number");
      t.values.push_back(row[c].get<double>());
    }
  }
  check_shape(t, path);
  return t;
}

Table read_csv_table(const std::string& path) {
  LineReader in(path);
  Table t;
  std::string line;
  std::vector<std::string> units;
  bool header = false;
  while (in.next(line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::istringstream ss(line.substr(1));
      std::string tok;
      while (ss >> tok) {
        const auto eq = tok.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = tok.substr(0, eq), val = tok.substr(eq + 1);
        double v = 0;
        if (key == "format" && val != "latentwalk.features") fail_input(path, in.line_number(), "format is '" + val + "', expected latentwalk.features");
        if (key == "version" && (!parse_double(val, v) || v > 1)) fail_input(path, in.line_number(), "unsupported version '" + val + "'");
        // Range-checked before the conversion (1e12 was undefined behaviour; found by fuzzing).
        auto as_int = [&](const char* what) {
          if (!(v >= 0 && v <= 2147483647.0))
            fail_input(path, in.line_number(), std::string(what) + " '" + val + "' is not a valid size");
          return int(v);
        };
        if (key == "sample_rate" && parse_double(val, v)) t.sample_rate = as_int("sample_rate");
        if (key == "hop" && parse_double(val, v)) t.hop = as_int("hop");
        if (key == "window" && parse_double(val, v)) t.window = as_int("window");
        if (key == "units") units = split(val, ',');
        if (key == "preset") t.preset = val;
        if (key == "settings") t.settings = canonical_settings(val);
      }
      continue;
    }
    const std::vector<std::string> cells = split(line, ',');
    if (!header) {
      if (cells.empty() || cells[0] != "time")
        fail_input(path, in.line_number(), "expected a header line starting with 'time' (latentwalk.features CSV)");
      t.names.assign(cells.begin() + 1, cells.end());
      header = true;
      continue;
    }
    if (cells.size() != t.names.size() + 1)
      fail_input(path, in.line_number(), std::to_string(cells.size()) + " fields, expected " +
                                             std::to_string(t.names.size() + 1));
    for (std::size_t c = 0; c < cells.size(); ++c) {
      double v = 0;
      if (!parse_double(cells[c], v) || !std::isfinite(v))
        fail_input(path, in.line_number(), "field " + std::to_string(c + 1) + " (" +
                                               (c ? t.names[c - 1] : std::string("time")) + ") is not a finite number: '" +
                                               cells[c] + "'");
      if (c == 0) t.times.push_back(v);
      else t.values.push_back(v);
    }
  }
  if (!header) fail_input(path, "empty features file (no header line)");
  // units= lists the time column first
  t.units.assign(t.names.size(), "");
  if (units.size() == t.names.size() + 1)
    for (std::size_t c = 0; c < t.names.size(); ++c) t.units[c] = units[c + 1];
  check_shape(t, path);
  return t;
}

}  // namespace

Table read_table(const std::string& path) {
  // JSON when the first non-blank byte is '{', CSV otherwise.
  if (path == "-") {
    std::cin >> std::ws;
    if (std::cin.peek() == '{') return read_json_table(path);
    return read_csv_table(path);
  }
  std::ifstream probe(path, std::ios::binary);
  if (!probe) fail_input(path, "cannot open");
  char c = 0;
  while (probe.get(c) && std::isspace(static_cast<unsigned char>(c))) {
  }
  if (c == '{') return read_json_table(path);
  return read_csv_table(path);
}

namespace {

// Appends format_double(v) (the same text: shortest round-trip, "0" for
// zero) without a temporary string per number.
inline void append_double(std::string& line, double v) {
  if (v == 0.0) {
    line += '0';
    return;
  }
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  line.append(buf, res.ptr);
}

void write_json(const Table& t, std::ostream& os) {
  os << "{\n \"format\": \"latentwalk.features\",\n \"version\": 1,\n";
  os << " \"source\": " << quote(t.source) << ",\n";
  os << " \"sample_rate\": " << t.sample_rate << ",\n";
  os << " \"hop\": " << t.hop << ",\n";
  os << " \"window\": " << t.window << ",\n";
  if (!t.preset.empty()) os << " \"preset\": " << quote(t.preset) << ",\n";
  if (!t.settings.empty()) os << " \"settings\": " << t.settings << ",\n";
  os << " \"features\": [";
  for (std::size_t c = 0; c < t.names.size(); ++c)
    os << (c ? ",\n  " : "\n  ") << "{\"name\": " << quote(t.names[c])
       << ", \"unit\": " << quote(c < t.units.size() ? t.units[c] : "") << "}";
  os << "\n ],\n \"times\": [";
  // (text gathered in one buffer, written every 64 KB)
  std::string line;
  auto flush = [&] {
    if (line.size() >= (1 << 16)) {
      os << line;
      line.clear();
    }
  };
  for (std::size_t i = 0; i < t.frames(); ++i) {
    if (i) line += ',';
    append_double(line, t.times[i]);
    flush();
  }
  line += "],\n \"frames\": [";
  for (std::size_t i = 0; i < t.frames(); ++i) {
    line += i ? ",\n  [" : "\n  [";
    const double* r = t.row(i);
    for (std::size_t c = 0; c < t.columns(); ++c) {
      if (c) line += ',';
      append_double(line, r[c]);
    }
    line += ']';
    flush();
  }
  os << line;
  os << "\n ]\n}\n";
}

void write_csv(const Table& t, std::ostream& os) {
  os << "# format=latentwalk.features version=1 sample_rate=" << t.sample_rate << " hop=" << t.hop
     << " window=" << t.window << "\n";
  if (!t.preset.empty()) os << "# preset=" << t.preset << (t.settings.empty() ? "" : " settings=" + t.settings) << "\n";
  os << "# units=s";
  for (const auto& u : t.units) os << ',' << u;
  os << "\ntime";
  for (const auto& n : t.names) os << ',' << n;
  os << '\n';
  // (lines formatted straight into one buffer, written every 64 KB; a
  // number takes at most 25 characters with its comma)
  const std::size_t cols = t.columns();
  std::vector<char> buf((std::size_t(1) << 16) + 32 * (cols + 2));
  char* const start = buf.data();
  char* p = start;
  auto put = [&p](double v) {
    if (v == 0.0) *p++ = '0';  // as format_double
    else p = std::to_chars(p, p + 32, v).ptr;
  };
  for (std::size_t i = 0; i < t.frames(); ++i) {
    put(t.times[i]);
    const double* r = t.row(i);
    for (std::size_t c = 0; c < cols; ++c) {
      *p++ = ',';
      put(r[c]);
    }
    *p++ = '\n';
    if (p - start >= (1 << 16)) {
      os.write(start, p - start);
      p = start;
    }
  }
  os.write(start, p - start);
}

}  // namespace

std::string table_json(const Table& t) {
  std::ostringstream os;
  write_json(t, os);
  return os.str();
}

std::string table_csv(const Table& t) {
  std::ostringstream os;
  write_csv(t, os);
  return os.str();
}

void write_table(const Table& table, const std::string& path) {
  // Streamed into the temporary file: no second copy of the table in memory.
  AtomicOutput out(path);
  if (ends_with(path, ".json")) write_json(table, out.stream());
  else write_csv(table, out.stream());
  out.commit();
}

}  // namespace lw::features
