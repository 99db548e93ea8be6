#include "model/torch_runtime.hpp"

#include <dlfcn.h>
#include <torch/torch.h>

#include <algorithm>

namespace lw::model {

void set_threads(int n) {
  n = std::max(1, n);
  // OpenBLAS (Debian's libblas.so.3 when libopenblas0-pthread is installed)
  // keeps a thread pool of its own; absent with other BLAS builds.
  using SetFn = void (*)(int);
  if (auto fn = reinterpret_cast<SetFn>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) fn(n);
  // At one thread, also stop the pool OpenBLAS started at load (one worker
  // per further core): set to one thread, its idle worker still spins in
  // sched_yield, measured at ~0.4 s of CPU per second of lw-render on 2
  // cores, taken from the decode threads. OpenBLAS starts it again if a
  // later call asks for more threads (as after fork, where it does the same).
  using ShutdownFn = int (*)();
  if (n == 1)
    if (auto stop = reinterpret_cast<ShutdownFn>(dlsym(RTLD_DEFAULT, "blas_thread_shutdown_"))) stop();
  // Torch's own intra-op (OpenMP) pool stays at one thread: the matrix
  // products and convolutions run in BLAS, and OpenMP workers spinning beside
  // BLAS's threads on 2 cores made 2-thread runs several times slower
  // (measured: lw-rhythm training, lw-render on a RAVE-sized model).
  at::set_num_threads(1);
  static bool interop_set = false;  // may only be set once per process
  if (!interop_set) {
    try {
      at::set_num_interop_threads(1);
    } catch (const c10::Error&) {
    }
    interop_set = true;
  }
}

void seed_torch(std::uint64_t seed) { torch::manual_seed(seed); }

}  // namespace lw::model
