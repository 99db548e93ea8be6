#include "test_models.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace fs = std::filesystem;

namespace lw::test {

// Made once per build tree (each GoogleTest case runs in its own process):
// written to a private directory, then renamed into place, so processes
// running in parallel never see a half-written set. Remade when the script
// changes.
const std::string& test_model_dir() {
  static const std::string dir = [] {
    const fs::path script = fs::path(LW_TESTDATA) / ".." / "tests" / "model" / "make_test_models.py";
    const auto stamp = std::to_string(fs::last_write_time(script).time_since_epoch().count());
    const fs::path final_dir = fs::path(LW_BINARY_DIR) / "tests" / ("model-test-models-" + stamp);
    if (fs::exists(final_dir / "v2-mono-full.ts")) return final_dir.string();
    const fs::path tmp = final_dir.string() + ".tmp-" + std::to_string(::getpid());
    fs::create_directories(tmp);
    const std::string cmd = "/usr/bin/python3 " + script.string() + " " + tmp.string();
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("make_test_models.py failed");
    std::error_code ec;
    fs::rename(tmp, final_dir, ec);
    if (ec) fs::remove_all(tmp);  // another process was first
    return final_dir.string();
  }();
  return dir;
}

std::string test_model(const std::string& name) { return test_model_dir() + "/" + name; }

std::string temp_file(const std::string& name) {
  static const std::string dir = [] {
    auto d = fs::temp_directory_path() / ("lw-model-tests-" + std::to_string(::getpid()));
    fs::create_directories(d);
    static struct Cleanup {
      fs::path path;
      ~Cleanup() {
        std::error_code ec;
        fs::remove_all(path, ec);
      }
    } cleanup{d};
    return d.string();
  }();
  return dir + "/" + name;
}

}  // namespace lw::test
