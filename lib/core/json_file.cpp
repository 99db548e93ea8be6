#include "core/json_file.hpp"

#include <cmath>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace lw {

json parse_json_text(const std::string& text, const std::string& path) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) fail_input(path, "is empty; expected JSON");
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // Turn the byte offset into line:column.
    std::size_t byte = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i < byte; ++i) {
      if (text[i] == '\n') { ++line; col = 1; } else { ++col; }
    }
    std::string what = e.what();
    auto p = what.find("syntax error");
    if (p != std::string::npos) what = what.substr(p);
    fail_input(path, line, "column " + std::to_string(col) + ": not valid JSON (" + what + ")");
  } catch (const json::out_of_range& e) {
    // e.g. a number too large for a double ("1e999"): bad input, not an internal error.
    fail_input(path, std::string("not valid JSON: ") + e.what());
  }
}

json read_json_file(const std::string& path) { return parse_json_text(read_file(path), path); }

void check_format(const json& doc, const std::string& path, const std::string& format, int max_version) {
  if (!doc.is_object()) fail_input(path, "expected a JSON object with \"format\": \"" + format + "\"");
  auto f = doc.find("format");
  if (f == doc.end() || !f->is_string())
    fail_input(path, "missing \"format\" field; expected \"" + format + "\"");
  if (f->get<std::string>() != format)
    fail_input(path, "is a \"" + f->get<std::string>() + "\" file; expected \"" + format + "\"");
  auto v = doc.find("version");
  if (v == doc.end() || !v->is_number_integer())
    fail_input(path, "missing integer \"version\" field");
  if (v->get<int>() < 1 || v->get<int>() > max_version)
    fail_input(path, "has " + format + " version " + std::to_string(v->get<int>()) +
                         "; this tool reads versions 1.." + std::to_string(max_version));
}

const json& get_field(const json& obj, const std::string& key, const std::string& path,
                      const std::string& where) {
  std::string at = where.empty() ? "" : where + ": ";
  if (!obj.is_object()) fail_input(path, at + "expected an object");
  auto it = obj.find(key);
  if (it == obj.end()) fail_input(path, at + "missing \"" + key + "\"");
  return *it;
}

double get_number(const json& obj, const std::string& key, const std::string& path,
                  const std::string& where) {
  const json& v = get_field(obj, key, path, where);
  std::string at = where.empty() ? "" : where + ": ";
  if (!v.is_number()) fail_input(path, at + "\"" + key + "\" must be a number, got " + v.dump());
  double d = v.get<double>();
  if (!std::isfinite(d)) fail_input(path, at + "\"" + key + "\" is not finite");
  return d;
}

namespace {
bool valid_utf8(const std::string& s) {
  try {
    (void)json(s).dump();
    return true;
  } catch (const json::type_error&) {
    return false;
  }
}
// JSON pointer of the first string (or key) that is not valid UTF-8.
std::string first_bad_text(const json& v, const std::string& at) {
  if (v.is_string()) return valid_utf8(v.get_ref<const std::string&>()) ? "" : (at.empty() ? "/" : at);
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      std::string r = first_bad_text(v[i], at + "/" + std::to_string(i));
      if (!r.empty()) return r;
    }
  } else if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!valid_utf8(it.key())) return (at.empty() ? "/" : at) + " (a key)";
      std::string r = first_bad_text(it.value(), at + "/" + it.key());
      if (!r.empty()) return r;
    }
  }
  return "";
}
}  // namespace

std::string dump_json(const json& doc, int indent) {
  try {
    return doc.dump(indent) + "\n";
  } catch (const json::type_error& e) {
    if (e.id != 316) throw;
    // A name from the input (a landmark, a column, a file name) that is not
    // UTF-8: bad input, named by where it would have gone.
    fail_usage("the text at " + first_bad_text(doc, "") + " is not valid UTF-8; JSON output needs UTF-8 text");
  }
}

}  // namespace lw
