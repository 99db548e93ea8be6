#include "explorer/dataset.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <cmath>
#include <set>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "core/numfmt.hpp"
#include "core/sha256.hpp"

namespace lw::explorer {

namespace {
const char* const kFormat = "latentwalk.explorer-dataset";

void check_names(const std::vector<std::string>& names, const std::string& what,
                 const std::string& path) {
  if (names.empty()) fail_input(path, what + ": at least one name is needed");
  std::set<std::string> seen;
  for (const auto& n : names) {
    if (n.empty()) fail_input(path, what + ": empty name");
    if (!seen.insert(n).second) fail_input(path, what + ": name '" + n + "' appears twice");
  }
}

void check_pair(const Dataset& d, const Pair& p, const std::string& path, const std::string& where) {
  if (p.in.size() != d.inputs.size())
    fail_input(path, where + ": " + std::to_string(p.in.size()) + " inputs, the dataset has " +
                         std::to_string(d.inputs.size()) + " (" + [&] {
                           std::string s;
                           for (const auto& n : d.inputs) s += (s.empty() ? "" : ",") + n;
                           return s;
                         }() + ")");
  if (p.out.size() != d.outputs.size())
    fail_input(path, where + ": " + std::to_string(p.out.size()) + " outputs, the dataset has " +
                         std::to_string(d.outputs.size()));
  for (std::size_t i = 0; i < p.in.size(); ++i)
    if (!std::isfinite(p.in[i]))
      fail_input(path, where + ": input '" + d.inputs[i] + "' is not finite");
  for (std::size_t i = 0; i < p.out.size(); ++i) {
    const Channel& c = d.outputs[i];
    if (!std::isfinite(p.out[i])) fail_input(path, where + ": output '" + c.name + "' is not finite");
    if (p.out[i] < c.min || p.out[i] > c.max)
      fail_input(path, where + ": output '" + c.name + "' = " + format_double(p.out[i]) + " is outside its range " +
                           format_double(c.min) + ".." + format_double(c.max));
  }
}

std::vector<double> number_array(const json& v, const std::string& path, const std::string& where) {
  if (!v.is_array()) fail_input(path, where + " must be an array of numbers");
  std::vector<double> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number()) fail_input(path, where + "[" + std::to_string(i) + "] must be a number, got " + v[i].dump());
    out.push_back(v[i].get<double>());
  }
  return out;
}
}  // namespace

std::vector<Channel> default_outputs() {
  return {{"x", -3, 3}, {"y", -3, 3}, {"noise", 0, 2}, {"ramp_ms", 0, 10000}};
}

Dataset make_dataset(const std::vector<std::string>& inputs, const std::vector<Channel>& outputs) {
  Dataset d;
  check_names(inputs, "inputs", "dataset");
  std::vector<std::string> onames;
  for (const auto& c : outputs) {
    onames.push_back(c.name);
    if (!std::isfinite(c.min) || !std::isfinite(c.max) || !(c.max > c.min))
      fail_usage("output '" + c.name + "': range " + format_double(c.min) + ".." + format_double(c.max) +
                 " must be finite with max > min");
  }
  check_names(onames, "outputs", "dataset");
  d.inputs = inputs;
  d.outputs = outputs;
  return d;
}

std::vector<std::uint64_t> add_pairs(Dataset& d, std::vector<Pair> pairs, const std::string& what) {
  for (std::size_t i = 0; i < pairs.size(); ++i)
    check_pair(d, pairs[i], what, pairs.size() > 1 ? "pair " + std::to_string(i + 1) + " of " +
                                                         std::to_string(pairs.size())
                                                   : "pair");
  std::vector<std::uint64_t> ids;
  for (auto& p : pairs) {
    p.id = d.next_id++;
    ids.push_back(p.id);
    d.pairs.push_back(std::move(p));
  }
  return ids;
}

void remove_pairs(Dataset& d, const std::vector<std::uint64_t>& ids) {
  std::set<std::uint64_t> want(ids.begin(), ids.end());
  for (auto id : want) {
    bool found = std::any_of(d.pairs.begin(), d.pairs.end(), [&](const Pair& p) { return p.id == id; });
    if (!found) fail_usage("no pair with id " + std::to_string(id) + " in the dataset; nothing removed");
  }
  d.pairs.erase(std::remove_if(d.pairs.begin(), d.pairs.end(), [&](const Pair& p) { return want.count(p.id) > 0; }),
                d.pairs.end());
}

Dataset parse_dataset(const std::string& text, const std::string& path) {
  json doc = parse_json_text(text, path);
  check_format(doc, path, kFormat);
  Dataset d;
  const json& in = get_field(doc, "inputs", path);
  if (!in.is_array()) fail_input(path, "\"inputs\" must be an array of names");
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (!in[i].is_string()) fail_input(path, "inputs[" + std::to_string(i) + "] must be a string");
    d.inputs.push_back(in[i].get<std::string>());
  }
  check_names(d.inputs, "\"inputs\"", path);
  if (doc.contains("features")) {
    const json& f = doc["features"];
    if (!f.is_object() || !f.contains("preset") || !f["preset"].is_string())
      fail_input(path, "\"features\" must be an object with a \"preset\" string");
    d.preset = f["preset"].get<std::string>();
    if (d.preset != "latentwalk" && d.preset != "lse")
      fail_input(path, "\"features\": unknown preset '" + d.preset + "' (latentwalk or lse)");
    if (f.contains("settings")) {
      if (!f["settings"].is_object()) fail_input(path, "\"features\": \"settings\" must be an object");
      d.settings = f["settings"].dump();
    }
  }
  const json& out = get_field(doc, "outputs", path);
  if (!out.is_array()) fail_input(path, "\"outputs\" must be an array");
  std::vector<std::string> onames;
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::string where = "outputs[" + std::to_string(i) + "]";
    const json& n = get_field(out[i], "name", path, where);
    if (!n.is_string()) fail_input(path, where + ": \"name\" must be a string");
    Channel c{n.get<std::string>(), get_number(out[i], "min", path, where), get_number(out[i], "max", path, where)};
    if (!(c.max > c.min)) fail_input(path, where + ": \"max\" must be above \"min\"");
    d.outputs.push_back(c);
    onames.push_back(c.name);
  }
  check_names(onames, "\"outputs\"", path);
  const json& next = get_field(doc, "next_id", path);
  if (!next.is_number_unsigned() || next.get<std::uint64_t>() < 1)
    fail_input(path, "\"next_id\" must be a positive integer");
  d.next_id = next.get<std::uint64_t>();
  const json& pairs = get_field(doc, "pairs", path);
  if (!pairs.is_array()) fail_input(path, "\"pairs\" must be an array");
  std::set<std::uint64_t> ids;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const json& pj = pairs[i];
    std::string where = "pairs[" + std::to_string(i) + "]";
    Pair p;
    const json& id = get_field(pj, "id", path, where);
    if (!id.is_number_unsigned() || id.get<std::uint64_t>() < 1)
      fail_input(path, where + ": \"id\" must be a positive integer");
    p.id = id.get<std::uint64_t>();
    where = "pair " + std::to_string(p.id);
    if (!ids.insert(p.id).second) fail_input(path, where + ": id appears twice");
    if (p.id >= d.next_id) fail_input(path, where + ": id is not below \"next_id\"");
    p.in = number_array(get_field(pj, "in", path, where), path, where + ": \"in\"");
    p.out = number_array(get_field(pj, "out", path, where), path, where + ": \"out\"");
    if (pj.contains("source")) {
      const json& s = pj["source"];
      if (!s.is_object()) fail_input(path, where + ": \"source\" must be an object");
      if (s.contains("kind") && s["kind"].is_string()) p.source.kind = s["kind"].get<std::string>();
      if (s.contains("file") && s["file"].is_string()) p.source.file = s["file"].get<std::string>();
      if (s.contains("sha256") && s["sha256"].is_string()) p.source.sha256 = s["sha256"].get<std::string>();
      if (s.contains("range")) {
        auto r = number_array(s["range"], path, where + ": source \"range\"");
        if (r.size() != 2) fail_input(path, where + ": source \"range\" must be [from, to]");
        p.source.from = r[0];
        p.source.to = r[1];
      }
      if (s.contains("frame")) {
        if (!s["frame"].is_number_unsigned()) fail_input(path, where + ": source \"frame\" must be an index");
        p.source.frame = s["frame"].get<std::size_t>();
      }
      auto str = [&](const char* key, std::string& to) {
        if (!s.contains(key)) return;
        if (!s[key].is_string()) fail_input(path, where + ": source \"" + key + "\" must be a string");
        to = s[key].get<std::string>();
      };
      str("flucoma_id", p.source.flucoma_id);
      str("outputs_file", p.source.outputs_file);
      str("outputs_sha256", p.source.outputs_sha256);
    }
    check_pair(d, p, path, where);
    d.pairs.push_back(std::move(p));
  }
  return d;
}

Dataset read_dataset(const std::string& path) { return parse_dataset(read_file(path), path); }

std::string dataset_to_json(const Dataset& d) {
  // The header indented, then one pair per line: a dataset grows by lines,
  // so diffs and 'grep' over pairs stay readable.
  json head;
  head["format"] = kFormat;
  head["version"] = 1;
  head["inputs"] = d.inputs;
  if (!d.preset.empty()) {
    json f = {{"preset", d.preset}};
    if (!d.settings.empty()) f["settings"] = json::parse(d.settings);
    head["features"] = std::move(f);
  }
  json outs = json::array();
  for (const auto& c : d.outputs) outs.push_back({{"name", c.name}, {"min", c.min}, {"max", c.max}});
  head["outputs"] = std::move(outs);
  head["next_id"] = d.next_id;
  std::string text = "{\n";
  for (auto it = head.begin(); it != head.end(); ++it)
    text += " " + json(it.key()).dump() + ": " + it.value().dump() + ",\n";
  text += " \"pairs\": [";
  for (std::size_t i = 0; i < d.pairs.size(); ++i) {
    const Pair& p = d.pairs[i];
    json pj = {{"id", p.id}, {"in", p.in}, {"out", p.out}};
    json s = json::object();
    s["kind"] = p.source.kind.empty() ? "manual" : p.source.kind;
    if (!p.source.file.empty()) {
      s["file"] = p.source.file;
      s["sha256"] = p.source.sha256;
      s["range"] = {p.source.from, p.source.to};
    }
    if (p.source.frame) s["frame"] = *p.source.frame;
    if (!p.source.flucoma_id.empty()) s["flucoma_id"] = p.source.flucoma_id;
    if (!p.source.outputs_file.empty()) {
      s["outputs_file"] = p.source.outputs_file;
      s["outputs_sha256"] = p.source.outputs_sha256;
    }
    pj["source"] = std::move(s);
    text += (i ? ",\n  " : "\n  ") + pj.dump();
  }
  text += d.pairs.empty() ? "]\n}\n" : "\n ]\n}\n";
  return text;
}

void write_dataset(const std::string& target, const Dataset& d) {
  allow_update(target);  // add/remove/clear update the dataset they read
  write_file_atomically(target, dataset_to_json(d));
}

std::vector<Channel> lse_outputs() {
  return {{"x", 0, 127}, {"y", 0, 127}, {"noise", 0, 2}, {"ramp_ms", 0, 5000}};
}

FlucomaDataset parse_flucoma_dataset(const std::string& text, const std::string& path) {
  json doc = parse_json_text(text, path);
  // flucoma-core FluidJSON.hpp check_json: "data" an object, "cols" a number.
  if (!doc.is_object()) fail_input(path, "a FluCoMa DataSet is a JSON object {\"cols\": N, \"data\": {..}}");
  if (!doc.contains("cols") || !doc["cols"].is_number())
    fail_input(path, "FluCoMa DataSet: \"cols\" (a number) is missing");
  if (!doc.contains("data") || !doc["data"].is_object())
    fail_input(path, "FluCoMa DataSet: \"data\" (an object of id: [values]) is missing");
  if (!doc["cols"].is_number_unsigned() || doc["cols"].get<std::uint64_t>() < 1 ||
      doc["cols"].get<std::uint64_t>() > 100000)
    fail_input(path, "FluCoMa DataSet: \"cols\" must be a positive integer");
  FlucomaDataset f;
  f.cols = doc["cols"].get<std::size_t>();
  for (auto it = doc["data"].begin(); it != doc["data"].end(); ++it) {
    const std::string where = "point '" + it.key() + "'";
    if (it.key().empty()) fail_input(path, "FluCoMa DataSet: an empty id");
    const json& r = it.value();
    if (!r.is_array()) fail_input(path, where + ": must be an array of numbers");
    if (r.size() != f.cols)
      fail_input(path, where + ": " + std::to_string(r.size()) + " values, \"cols\" is " + std::to_string(f.cols));
    std::vector<double> row;
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (!r[i].is_number()) fail_input(path, where + ": value " + std::to_string(i + 1) + " is not a number");
      row.push_back(r[i].get<double>());
      if (!std::isfinite(row.back())) fail_input(path, where + ": value " + std::to_string(i + 1) + " is not finite");
    }
    f.ids.push_back(it.key());
    f.rows.push_back(std::move(row));
  }
  return f;
}

FlucomaDataset read_flucoma_dataset(const std::string& path) { return parse_flucoma_dataset(read_file(path), path); }

std::string flucoma_dataset_to_json(const FlucomaDataset& f) {
  json data = json::object();
  for (std::size_t i = 0; i < f.ids.size(); ++i) data[f.ids[i]] = f.rows[i];
  json doc = {{"cols", f.cols}, {"data", std::move(data)}};
  return doc.dump(1, '\t') + "\n";
}

Dataset import_flucoma(const FlucomaDataset& in, const std::string& in_path, const FlucomaDataset& out,
                       const std::string& out_path, const std::vector<std::string>& input_names,
                       const std::vector<Channel>& ranges, const std::string& preset, const std::string& settings) {
  if (in.cols != input_names.size())
    fail_input(in_path, "has " + std::to_string(in.cols) + " columns; the inputs are " +
                            std::to_string(input_names.size()) + " features");
  if (out.cols != ranges.size())
    fail_input(out_path, "has " + std::to_string(out.cols) + " columns; the outputs are " +
                             std::to_string(ranges.size()) + " (x, y, noise, ramp_ms)");
  std::map<std::string, std::size_t> out_row;
  for (std::size_t i = 0; i < out.ids.size(); ++i) out_row[out.ids[i]] = i;
  std::set<std::string> in_ids(in.ids.begin(), in.ids.end());
  for (const auto& id : out.ids)
    if (!in_ids.count(id)) fail_input(out_path, "point '" + id + "' has no inputs in " + display_name(in_path));
  Dataset d = make_dataset(input_names, ranges);
  d.preset = preset;
  d.settings = settings;
  const std::string in_sha = sha256_file(in_path), out_sha = sha256_file(out_path);
  // Points in the order of their number when the ids end in one ("point-2"
  // before "point-10", as the device added them), else by id.
  std::vector<std::size_t> order(in.ids.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto number = [&](const std::string& id) -> long long {
    std::size_t k = id.size();
    while (k > 0 && std::isdigit(static_cast<unsigned char>(id[k - 1]))) --k;
    return k < id.size() && id.size() - k < 18 ? std::stoll(id.substr(k)) : -1;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const long long na = number(in.ids[a]), nb = number(in.ids[b]);
    if (na != nb) return na < nb;
    return in.ids[a] < in.ids[b];
  });
  std::vector<Pair> pairs;
  for (std::size_t i : order) {
    const std::string& id = in.ids[i];
    auto it = out_row.find(id);
    if (it == out_row.end()) fail_input(in_path, "point '" + id + "' has no outputs in " + display_name(out_path));
    Pair p;
    p.in = in.rows[i];
    for (std::size_t k = 0; k < ranges.size(); ++k) {
      const double u = out.rows[it->second][k];
      if (u < -1e-9 || u > 1 + 1e-9)
        fail_input(out_path, "point '" + id + "': output " + std::to_string(k + 1) + " = " + format_double(u) +
                                 " is outside 0..1 (the device's scaled outputs)");
      p.out.push_back(from_unit(ranges[k], std::clamp(u, 0.0, 1.0)));
    }
    p.source.kind = "flucoma";
    p.source.file = in_path;
    p.source.sha256 = in_sha;
    p.source.outputs_file = out_path;
    p.source.outputs_sha256 = out_sha;
    p.source.flucoma_id = id;
    pairs.push_back(std::move(p));
  }
  add_pairs(d, std::move(pairs), in_path);
  return d;
}

void export_flucoma(const Dataset& d, FlucomaDataset& in, FlucomaDataset& out) {
  in = FlucomaDataset{d.inputs.size(), {}, {}};
  out = FlucomaDataset{d.outputs.size(), {}, {}};
  std::set<std::string> used;
  for (const Pair& p : d.pairs) {
    std::string id = p.source.flucoma_id.empty() ? "pair-" + std::to_string(p.id) : p.source.flucoma_id;
    if (!used.insert(id).second) {
      id = "pair-" + std::to_string(p.id);
      if (!used.insert(id).second) fail_usage("export: id '" + id + "' appears twice");
    }
    in.ids.push_back(id);
    in.rows.push_back(p.in);
    std::vector<double> u;
    for (std::size_t k = 0; k < d.outputs.size(); ++k) u.push_back(to_unit(d.outputs[k], p.out[k]));
    out.ids.push_back(id);
    out.rows.push_back(std::move(u));
  }
}

}  // namespace lw::explorer
