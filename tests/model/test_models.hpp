// Test models for the model tests: written once per test run by
// make_test_models.py (Debian's python3-torch) into a temporary directory.
#pragma once
#include <string>

namespace lw::test {

// Directory holding v1-mono-512.ts, v2-stereo-2048.ts, v2-mono-full.ts and
// the broken ones (see make_test_models.py). Made on first use.
const std::string& test_model_dir();
std::string test_model(const std::string& name);
// A fresh temporary file path.
std::string temp_file(const std::string& name);

}  // namespace lw::test
