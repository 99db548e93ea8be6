#include "render/batch.hpp"

#include <filesystem>
#include <map>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace lw::render {
namespace {

std::string stem_of(const std::string& path) {
  const std::string builtin = "builtin:";
  if (path.rfind(builtin, 0) == 0) return path.substr(builtin.size());
  if (path == "-") return "stdin";
  return std::filesystem::path(path).stem().string();
}

// Same file, also through different spellings of the path.
std::string identity(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  return ec ? path : p.string();
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  if (line.find('\t') != std::string::npos) {
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, '\t'))
      if (!f.empty()) out.push_back(f);
  } else {
    std::istringstream ss(line);
    std::string f;
    while (ss >> f) out.push_back(f);
  }
  return out;
}

}  // namespace

std::string expand_output_template(const std::string& tmpl, const BatchJob& job, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out += tmpl[i];
      continue;
    }
    const auto close = tmpl.find('}', i);
    if (close == std::string::npos) fail_usage("output template '" + tmpl + "': '{' without '}'");
    const std::string key = tmpl.substr(i + 1, close - i - 1);
    if (key == "stem")
      out += stem_of(job.walk);
    else if (key == "mapping")
      out += job.mapping.empty() ? "default" : stem_of(job.mapping);
    else if (key == "model")
      out += stem_of(job.model);
    else if (key == "n")
      out += std::to_string(n);
    else
      fail_usage("output template '" + tmpl + "': unknown {" + key + "} (known: {stem}, {mapping}, {model}, {n})");
    i = close;
  }
  return out;
}

std::vector<BatchJob> product_jobs(const std::vector<std::string>& walks, const std::vector<std::string>& mappings,
                                   const std::vector<std::string>& models, const std::string& output_template) {
  std::vector<BatchJob> jobs;
  const std::vector<std::string> maps = mappings.empty() ? std::vector<std::string>{""} : mappings;
  for (const auto& w : walks)
    for (const auto& mp : maps)
      for (const auto& md : models) {
        BatchJob j{w, mp, md, "", "job " + std::to_string(jobs.size() + 1)};
        j.output = expand_output_template(output_template, j, jobs.size() + 1);
        jobs.push_back(j);
      }
  if (jobs.size() > 1 && output_template.find('{') == std::string::npos)
    fail_usage(std::to_string(jobs.size()) + " renders (walks x mappings x models) need an output template, e.g. -o 'out/{stem}-{mapping}-{model}.wav'");
  return jobs;
}

std::vector<BatchJob> read_jobs_file(const std::string& path, const std::string& default_model) {
  const std::string text = read_file(path, std::size_t(64) << 20);
  std::vector<BatchJob> jobs;
  std::istringstream in(text);
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    auto f = split_fields(line);
    if (f.size() != 4)
      fail_input(path, n, "expected 4 fields (walk, mapping, model, output; '-' for the default mapping or model), got " +
                              std::to_string(f.size()));
    BatchJob j{f[0], f[1] == "-" ? "" : f[1], f[2] == "-" ? default_model : f[2], f[3],
               display_name(path) + ":" + std::to_string(n)};
    if (j.output == "-") fail_input(path, n, "a job's output cannot be standard output");
    jobs.push_back(j);
  }
  if (jobs.empty()) fail_input(path, "no jobs (one a line: walk, mapping, model, output)");
  return jobs;
}

void check_batch(const std::vector<BatchJob>& jobs, const std::vector<std::string>& manifests,
                 const std::vector<std::string>& shared_inputs) {
  std::map<std::string, std::string> inputs;  // identity -> as written
  auto add_input = [&](const std::string& f) {
    if (!f.empty() && f != "-" && f.rfind("builtin:", 0) != 0) inputs.emplace(identity(f), f);
  };
  for (const auto& f : shared_inputs) add_input(f);
  for (const auto& j : jobs) {
    add_input(j.walk);
    add_input(j.mapping);
    add_input(j.model);
  }
  std::map<std::string, std::string> written;  // identity -> which job
  auto add_output = [&](const std::string& f, const std::string& where) {
    if (f.empty()) return;
    if (jobs.size() > 1 && f == "-") fail_usage(where + ": several renders cannot all go to standard output");
    const auto id = identity(f);
    if (auto it = inputs.find(id); it != inputs.end())
      fail_usage(where + ": output '" + f + "' is an input of the batch ('" + it->second + "'); refusing to overwrite it");
    auto [it, fresh] = written.emplace(id, where);
    if (!fresh) fail_usage(where + ": output '" + f + "' is also written by " + it->second);
  };
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    add_output(jobs[i].output, jobs[i].where);
    if (i < manifests.size()) add_output(manifests[i], jobs[i].where + " (manifest)");
  }
}

}  // namespace lw::render
