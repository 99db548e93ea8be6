#include "explorer/trainer_module.hpp"

#include <dlfcn.h>

#include <filesystem>

#include "core/error.hpp"

namespace lw::explorer {

const TrainerApi& load_trainer() {
  static const TrainerApi* api = [] {
    std::error_code ec;
    std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::string path = (ec ? std::filesystem::path(".") : exe.parent_path()) / "liblw_explorer_torch.so";
    // Never unloaded: LibTorch does not support being unloaded.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      const char* why = ::dlerror();
      fail_internal("cannot load the training module " + path + ": " + (why ? why : "unknown error") +
                    " (it is built with lw-train-explorer and must sit beside it)");
    }
    using Entry = const TrainerApi* (*)();
    auto entry = reinterpret_cast<Entry>(::dlsym(handle, "lw_explorer_trainer"));
    if (!entry) fail_internal(path + " has no entry point lw_explorer_trainer");
    const TrainerApi* a = entry();
    if (!a || a->abi != kTrainerAbi)
      fail_internal(path + " is from another build (interface " + std::to_string(a ? a->abi : -1) + ", expected " +
                    std::to_string(kTrainerAbi) + "); rebuild lw-train-explorer");
    return a;
  }();
  return *api;
}

}  // namespace lw::explorer
