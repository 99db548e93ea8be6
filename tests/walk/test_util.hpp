// Helpers for the walk tests: temporary files removed at the end of a test.
#pragma once
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "core/error.hpp"

namespace lw::walk::test {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/lw-walk-test.XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string file(const std::string& name, const std::string& content) const {
    std::string p = path_ + "/" + name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }
  std::string path(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Runs f, expects lw::Error with exit 2, returns its message.
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    if (e.code() != Exit::BadInput) return "wrong exit code: " + std::string(e.what());
    return e.what();
  }
  return "(no error)";
}

}  // namespace lw::walk::test
