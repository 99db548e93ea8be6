// Thread and seed control shared by every LibTorch tool. On 2 cores torch's
// own pool and OpenBLAS's pool oversubscribe; set_threads gives the threads to BLAS.
#pragma once
#include <cstdint>

namespace lw::model {

// n >= 1: threads for OpenBLAS (where the heavy work runs); torch's intra-op
// and inter-op pools are kept at 1 so the two pools never oversubscribe.
void set_threads(int n);
// Seeds torch's generators (RAVE's decode draws random values).
void seed_torch(std::uint64_t seed);

}  // namespace lw::model
