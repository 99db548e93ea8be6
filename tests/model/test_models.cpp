#include "test_models.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace lw::test {

const std::string& test_model_dir() {
  static const std::string dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("lw-model-tests-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    const std::string cmd = std::string("/usr/bin/python3 ") + LW_TESTDATA +
                            "/../tests/model/make_test_models.py " + d.string();
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("make_test_models.py failed");
    return d.string();
  }();
  return dir;
}

std::string test_model(const std::string& name) { return test_model_dir() + "/" + name; }

std::string temp_file(const std::string& name) { return test_model_dir() + "/" + name; }

}  // namespace lw::test
