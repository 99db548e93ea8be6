// Reading latentwalk JSON documents: parse errors carry the file and line,
// and "format"/"version" are checked so a file of another kind is refused.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace lw {

using json = nlohmann::json;

// Parses a JSON file ("-" = stdin). Errors name the file, line and column.
json read_json_file(const std::string& path);
// Parses JSON text; `path` is only used in messages.
json parse_json_text(const std::string& text, const std::string& path);

// Checks doc["format"] == format and doc["version"] <= max_version.
void check_format(const json& doc, const std::string& path, const std::string& format,
                  int max_version = 1);

// Typed field access with errors naming the file and the key.
double get_number(const json& obj, const std::string& key, const std::string& path,
                  const std::string& where = "");
const json& get_field(const json& obj, const std::string& key, const std::string& path,
                      const std::string& where = "");

// Serialises with numbers in shortest round-trip form (nlohmann does this).
std::string dump_json(const json& doc, int indent = 1);

}  // namespace lw
