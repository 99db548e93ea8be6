// Thread and seed control shared by every LibTorch tool. On 2 cores torch's
// own pool and OpenBLAS's pool oversubscribe; set_threads sets both.
#pragma once
#include <cstdint>

namespace lw::model {

// n >= 1: intra-op threads for torch and OpenBLAS; inter-op pool set to 1.
void set_threads(int n);
// Seeds torch's generators (RAVE's decode draws random values).
void seed_torch(std::uint64_t seed);

}  // namespace lw::model
