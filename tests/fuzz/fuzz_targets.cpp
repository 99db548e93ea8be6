// One libFuzzer entry point per reader, chosen at compile time
// (LW_FUZZ_TARGET_<name>; see CMakeLists.txt). The promise checked is the
// tools' one: any input ends in a result or in lw::Error with Exit::BadInput
// (or an exception cli::run reports as exit 2); anything else - a crash, a
// sanitizer report, an internal error, a foreign exception that would be
// exit 3 - aborts and libFuzzer keeps the input.
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "audio/audio_file.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "explorer/dataset.hpp"
#include "explorer/mlp.hpp"
#include "features/extract.hpp"
#include "midi/smf.hpp"
#include "render/mapping.hpp"
#include "rhythm/model_file.hpp"
#include "walk/control_path.hpp"
#include "walk/scene_io.hpp"
#include "walk/trajectory_io.hpp"

namespace {

[[noreturn]] void finding(const char* what, const char* detail) {
  std::fprintf(stderr, "lw-fuzz: %s: %s\n", what, detail);
  std::abort();
}

// The readers that take a path get the input in a file of the right extension.
std::string as_file(const uint8_t* data, size_t size, const char* ext) {
  static const std::string dir = [] {
    const char* t = std::getenv("TMPDIR");
    return std::string(t && *t ? t : "/tmp");
  }();
  std::string path = dir + "/lw-fuzz-" + std::to_string(::getpid()) + ext;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

template <class F>
void guarded(F&& f) {
  try {
    f();
  } catch (const lw::Error& e) {
    if (e.code() == lw::Exit::Internal) finding("internal error (exit 3)", e.what());
  } catch (const nlohmann::json::exception& e) {
    const int kind = e.id / 100;
    if (kind != 1 && kind != 3 && kind != 4) finding("json exception (exit 3)", e.what());
  } catch (const std::bad_alloc&) {
    // cli::run: exit 2 (the input asks for too much); ASan's
    // allocator_may_return_null=1 turns huge requests into this.
  } catch (const std::length_error&) {
  } catch (const YAML::Exception& e) {
    finding("yaml-cpp exception escaped (exit 3)", e.what());
  } catch (const std::exception& e) {
    finding("foreign exception (exit 3)", e.what());
  }
}

void check_finite(double v, const char* what) {
  if (!std::isfinite(v)) finding("non-finite value accepted", what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  guarded([&] {
#if defined(LW_FUZZ_TARGET_trajectory_json) || defined(LW_FUZZ_TARGET_trajectory_csv) || \
    defined(LW_FUZZ_TARGET_trajectory_ndjson)
#if defined(LW_FUZZ_TARGET_trajectory_json)
    const char* ext = ".json";
#elif defined(LW_FUZZ_TARGET_trajectory_csv)
    const char* ext = ".csv";
#else
    const char* ext = ".ndjson";
#endif
    lw::walk::ReadOptions o;
    o.rate_hz = 10.0;
    const auto t = lw::walk::read_trajectory(as_file(data, size, ext), o);
    for (const auto& f : t.frames) check_finite(f.t, "trajectory time");
#elif defined(LW_FUZZ_TARGET_scene_yaml)
    (void)lw::walk::parse_scene(text, "scene.yaml");
#elif defined(LW_FUZZ_TARGET_mapping_yaml)
    (void)lw::render::parse_mapping(text, "mapping.yaml");
#elif defined(LW_FUZZ_TARGET_features_json) || defined(LW_FUZZ_TARGET_features_csv)
#if defined(LW_FUZZ_TARGET_features_json)
    const char* ext = ".json";
#else
    const char* ext = ".csv";
#endif
    (void)lw::features::read_table(as_file(data, size, ext));
#elif defined(LW_FUZZ_TARGET_explorer_dataset)
    (void)lw::explorer::parse_dataset(text, "dataset.json");
#elif defined(LW_FUZZ_TARGET_flucoma_mlp)
    (void)lw::explorer::parse_mlp(lw::parse_json_text(text, "mlp.json"), "mlp.json");
#elif defined(LW_FUZZ_TARGET_control_path)
    (void)lw::walk::parse_control_path(text, "path.control.json");
#elif defined(LW_FUZZ_TARGET_smf)
    (void)lw::midi::parse(text, "in.mid");
#elif defined(LW_FUZZ_TARGET_rhythm_model)
    (void)lw::rhythm::parse_model(text, "model.lwr");
#elif defined(LW_FUZZ_TARGET_audio_file)
    // WAV/AIFF/FLAC/... headers through libsndfile into our reader, read to the end.
    lw::audio::Reader r(as_file(data, size, ".wav"));
    std::vector<float> buf(4096);
    const std::int64_t frames = std::max<std::int64_t>(1, 4096 / r.info().channels);
    for (int blocks = 0; blocks < 256 && r.read_mono(buf.data(), frames) > 0; ++blocks) {
    }
#else
#error "no LW_FUZZ_TARGET_<name> defined"
#endif
  });
  return 0;
}
