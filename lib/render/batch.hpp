// Batch rendering: many walks through several mappings and models in one
// process (each model loaded once). A batch is a list of jobs, either the
// product walks x mappings x models with an output name template, or the
// lines of a jobs file. Checked as a whole before anything is rendered:
// every output distinct, none of them an input of any job.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace lw::render {

struct BatchJob {
  std::string walk;
  std::string mapping;  // empty: the default mapping
  std::string model;
  std::string output;
  std::string where;    // "jobs.txt:3" or "job 3", for messages
};

// Expands {stem} (the walk's file name without extension), {mapping} (the
// mapping's, "default" when none), {model} (the model's; builtin:NAME gives
// NAME) and {n} (the job's number, from 1). Unknown {names} are a usage error.
std::string expand_output_template(const std::string& tmpl, const BatchJob& job, std::size_t n);

// Every walk x mapping x model (in that nesting order), outputs from the
// template. An empty `mappings` means the default mapping. More than one job
// needs a template whose expansions differ.
std::vector<BatchJob> product_jobs(const std::vector<std::string>& walks, const std::vector<std::string>& mappings,
                                   const std::vector<std::string>& models, const std::string& output_template);

// A jobs file: one job a line, "WALK MAPPING MODEL OUTPUT" separated by tabs
// (or by spaces when the line has no tab); MAPPING "-" is the default
// mapping, MODEL "-" is `default_model`. Blank lines and lines starting with
// '#' are skipped. Paths are taken as written (relative to the working
// directory). Errors name the file and line.
std::vector<BatchJob> read_jobs_file(const std::string& path, const std::string& default_model);

// Usage errors unless every output (and manifest, when given) is distinct and
// none is an input of any job (a walk, mapping, model, or `shared_inputs`).
void check_batch(const std::vector<BatchJob>& jobs, const std::vector<std::string>& manifests,
                 const std::vector<std::string>& shared_inputs);

}  // namespace lw::render
