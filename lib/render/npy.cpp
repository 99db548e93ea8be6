#include "render/npy.hpp"

#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/line_reader.hpp"

namespace lw::render {
namespace {

// The header is a Python dict literal; only the three keys NEP 1 defines,
// in any order, with the values numpy writes.
struct Header {
  std::string descr;
  bool fortran = false;
  std::vector<std::int64_t> shape;
};

void skip_space(const std::string& s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) ++i;
}

[[noreturn]] void bad_header(const std::string& path, const std::string& what) {
  fail_input(path, "not a valid .npy header: " + what);
}

std::string parse_string(const std::string& s, std::size_t& i, const std::string& path) {
  skip_space(s, i);
  if (i >= s.size() || (s[i] != '\'' && s[i] != '"')) bad_header(path, "expected a quoted string");
  const char q = s[i++];
  std::string out;
  while (i < s.size() && s[i] != q) out += s[i++];
  if (i >= s.size()) bad_header(path, "unterminated string");
  ++i;
  return out;
}

Header parse_header(const std::string& h, const std::string& path) {
  Header out;
  bool have_descr = false, have_fortran = false, have_shape = false;
  std::size_t i = 0;
  skip_space(h, i);
  if (i >= h.size() || h[i] != '{') bad_header(path, "expected '{'");
  ++i;
  for (;;) {
    skip_space(h, i);
    if (i < h.size() && h[i] == '}') {
      ++i;
      break;
    }
    const std::string key = parse_string(h, i, path);
    skip_space(h, i);
    if (i >= h.size() || h[i] != ':') bad_header(path, "expected ':' after '" + key + "'");
    ++i;
    skip_space(h, i);
    if (key == "descr") {
      out.descr = parse_string(h, i, path);
      have_descr = true;
    } else if (key == "fortran_order") {
      if (h.compare(i, 4, "True") == 0) {
        out.fortran = true;
        i += 4;
      } else if (h.compare(i, 5, "False") == 0) {
        i += 5;
      } else {
        bad_header(path, "fortran_order must be True or False");
      }
      have_fortran = true;
    } else if (key == "shape") {
      if (i >= h.size() || h[i] != '(') bad_header(path, "shape must be a tuple");
      ++i;
      for (;;) {
        skip_space(h, i);
        if (i < h.size() && h[i] == ')') {
          ++i;
          break;
        }
        std::int64_t v = 0;
        std::size_t digits = 0;
        while (i < h.size() && h[i] >= '0' && h[i] <= '9') {
          if (v > (std::int64_t(1) << 40)) bad_header(path, "a dimension of the shape is too large");
          v = v * 10 + (h[i++] - '0');
          ++digits;
        }
        if (!digits) bad_header(path, "shape must hold non-negative integers");
        out.shape.push_back(v);
        skip_space(h, i);
        if (i < h.size() && h[i] == ',') ++i;
      }
      have_shape = true;
    } else {
      bad_header(path, "unknown key '" + key + "'");
    }
    skip_space(h, i);
    if (i < h.size() && h[i] == ',') ++i;
  }
  if (!have_descr || !have_fortran || !have_shape)
    bad_header(path, "it must name descr, fortran_order and shape");
  skip_space(h, i);
  if (i != h.size()) bad_header(path, "text after the dict");
  return out;
}

std::uint32_t le(const unsigned char* p, int n) {
  std::uint32_t v = 0;
  for (int k = n - 1; k >= 0; --k) v = (v << 8) | p[k];
  return v;
}

std::string element_place(std::int64_t frame, int dim) {
  return "frame " + std::to_string(frame) + ", latent dimension " + std::to_string(dim);
}

void check_finite(const LatentArray& a, const std::string& path) {
  for (int d = 0; d < a.latent; ++d)
    for (std::int64_t f = 0; f < a.frames; ++f)
      if (!std::isfinite(a.values[std::size_t(d * a.frames + f)]))
        fail_input(path, "non-finite value (NaN, Inf or beyond float range) at " + element_place(f, d));
}

bool ends_with(const std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

}  // namespace

LatentArray parse_latents_npy(const std::string& b, const std::string& path, bool frames_first) {
  static const char kMagic[] = "\x93NUMPY";
  if (b.size() < 10 || std::memcmp(b.data(), kMagic, 6) != 0)
    fail_input(path, "not a NumPy .npy file (no \\x93NUMPY magic)");
  const auto* u = reinterpret_cast<const unsigned char*>(b.data());
  const int major = u[6];
  if (major < 1 || major > 3) fail_input(path, "unsupported .npy format version " + std::to_string(major));
  const int len_bytes = major == 1 ? 2 : 4;
  if (b.size() < std::size_t(8 + len_bytes)) fail_input(path, "truncated .npy header");
  const std::size_t hlen = le(u + 8, len_bytes);
  const std::size_t data_at = 8 + std::size_t(len_bytes) + hlen;
  if (data_at > b.size()) fail_input(path, "truncated .npy header (" + std::to_string(hlen) + " bytes announced)");
  const auto h = parse_header(b.substr(8 + std::size_t(len_bytes), hlen), path);
  int width;
  if (h.descr == "<f4")
    width = 4;
  else if (h.descr == "<f8")
    width = 8;
  else
    fail_input(path, "dtype '" + h.descr + "' is not supported: the latents must be little-endian float32 ('<f4') "
                     "or float64 ('<f8')");
  if (h.shape.size() != 2)
    fail_input(path, "the array has " + std::to_string(h.shape.size()) + " dimensions; expected 2 ([latent, frames]" +
                         std::string(frames_first ? " given as [frames, latent]" : ", or [frames, latent] with --frames-first") + ")");
  const std::int64_t rows = h.shape[0], cols = h.shape[1];
  LatentArray a;
  a.latent = int(frames_first ? cols : rows);
  a.frames = frames_first ? rows : cols;
  if (a.latent < 1 || a.frames < 1 || (frames_first ? cols : rows) > 4096)
    fail_input(path, "shape (" + std::to_string(rows) + ", " + std::to_string(cols) + ") holds " +
                         std::to_string(a.latent) + " latent dimensions and " + std::to_string(a.frames) +
                         " frames; expected at least one frame and 1 to 4096 dimensions" +
                         (frames_first ? "" : " (is it [frames, latent]? then give --frames-first)"));
  const std::size_t count = std::size_t(rows) * std::size_t(cols);
  if (b.size() - data_at != count * std::size_t(width))
    fail_input(path, "the data holds " + std::to_string(b.size() - data_at) + " bytes; shape (" + std::to_string(rows) +
                         ", " + std::to_string(cols) + ") of " + h.descr + " needs " +
                         std::to_string(count * std::size_t(width)));
  a.values.resize(count);
  const unsigned char* p = u + data_at;
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < cols; ++c) {
      // element (r, c) of the stored array
      const std::size_t k = h.fortran ? std::size_t(c * rows + r) : std::size_t(r * cols + c);
      double v;
      if (width == 4) {
        float f;
        std::memcpy(&f, p + k * 4, 4);
        v = f;
      } else {
        std::memcpy(&v, p + k * 8, 8);
      }
      const int d = int(frames_first ? c : r);
      const std::int64_t fr = frames_first ? r : c;
      if (!std::isfinite(v) || std::abs(v) > double(std::numeric_limits<float>::max()))
        fail_input(path, "non-finite value (NaN, Inf or beyond float range) at " + element_place(fr, d));
      a.values[std::size_t(d * a.frames + fr)] = float(v);
    }
  return a;
}

LatentArray read_latents_npy(const std::string& path, bool frames_first) {
  return parse_latents_npy(read_file(path, std::size_t(2) << 30), path, frames_first);
}

LatentArray read_latents_csv(const std::string& path) {
  LineReader in(path);
  std::string line;
  std::vector<std::vector<float>> rows;
  std::size_t columns = 0;
  bool first = true;
  while (in.next(line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos || line[0] == '#') continue;
    std::vector<float> row;
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (;;) {
      auto comma = line.find(',', start);
      cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    bool numeric = true;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const std::string& cell = cells[c];
      char* end = nullptr;
      const char* s = cell.c_str();
      double v = std::strtod(s, &end);
      while (end && (*end == ' ' || *end == '\t')) ++end;
      if (end == s || *end != '\0') {
        numeric = false;
        if (!first) fail_input(path, in.line_number(), "column " + std::to_string(c + 1) + ": '" + cell + "' is not a number");
        break;
      }
      if (!std::isfinite(v) || std::abs(v) > double(std::numeric_limits<float>::max()))
        fail_input(path, in.line_number(), "column " + std::to_string(c + 1) + ": non-finite value '" + cell + "'");
      row.push_back(float(v));
    }
    const bool header = first && !numeric;
    first = false;
    if (header) continue;
    if (columns == 0) columns = row.size();
    if (row.size() != columns)
      fail_input(path, in.line_number(), std::to_string(row.size()) + " columns, the first frame has " + std::to_string(columns));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) fail_input(path, "no frames (expected one line of numbers per latent frame)");
  LatentArray a;
  a.latent = int(columns);
  a.frames = std::int64_t(rows.size());
  a.values.resize(columns * rows.size());
  for (std::size_t f = 0; f < rows.size(); ++f)
    for (std::size_t d = 0; d < columns; ++d) a.values[d * rows.size() + f] = rows[f][d];
  check_finite(a, path);
  return a;
}

LatentArray read_latents(const std::string& path, bool frames_first) {
  if (ends_with(path, ".npy")) return read_latents_npy(path, frames_first);
  if (ends_with(path, ".csv")) {
    if (frames_first) fail_usage("--frames-first is for .npy files (a CSV is always one frame a line)");
    return read_latents_csv(path);
  }
  fail_input(path, "unknown latent file type: expected .npy or .csv");
}

std::string latents_npy_bytes(const float* planar, int latent, std::int64_t frames) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(latent) + ", " +
                     std::to_string(frames) + "), }";
  // Magic (6) + version (2) + length (2) + dict + padding + '\n': a multiple of 64.
  std::size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict += '\n';
  std::string out("\x93NUMPY\x01\x00", 8);
  out += char(dict.size() & 0xff);
  out += char((dict.size() >> 8) & 0xff);
  out += dict;
  const std::size_t n = std::size_t(latent) * std::size_t(frames);
  const std::size_t at = out.size();
  out.resize(at + n * 4);
  for (std::size_t k = 0; k < n; ++k) {
    std::uint32_t bits;
    std::memcpy(&bits, planar + k, 4);
    for (int i = 0; i < 4; ++i) out[at + k * 4 + std::size_t(i)] = char((bits >> (8 * i)) & 0xff);
  }
  return out;
}

void write_latents_npy(const std::string& path, const float* planar, int latent, std::int64_t frames) {
  write_file_atomically(path, latents_npy_bytes(planar, latent, frames));
}

}  // namespace lw::render
