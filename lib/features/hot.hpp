// LW_FEATURES_HOT marks the per-frame loops (FFT, spectral shape, pitch,
// flux, levels): with GCC on x86-64 Linux they are compiled twice, for AVX2
// and for the baseline x86-64 (SSE2), and the dynamic loader picks one
// (function multiversioning, ifunc): the binary stays portable and runs the
// wider vectors where the CPU has them. Both clones give the same results
// bit for bit: the avx2 target does not enable FMA (no contraction), the
// loops are element-wise or reduce through explicit lanes (the compiler does
// not reorder floating-point sums), and libm is shared.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && \
    !defined(LW_FEATURES_NO_CLONES)
#define LW_FEATURES_HOT __attribute__((target_clones("avx2", "default")))
#else
#define LW_FEATURES_HOT
#endif
