#!/usr/bin/env bash
# Configures, builds and runs every test through ctest (the README's test command).
# Then (issue 14; skipped when ctest arguments are given, e.g. -R NAME, unless
# LW_SANITIZE/LW_FUZZ are set to 1):
#  - a sanitizer build (GCC, ASan + UBSan) of the torch-free tools (lw-walk,
#    lw-features and their libraries) running their unit and end-to-end tests;
#  - the libFuzzer targets of tests/fuzz/ (clang 14, ASan + UBSan), each run
#    for LW_FUZZ_SECONDS (default 20) on its seed corpus.
# LW_SANITIZE=0 / LW_FUZZ=0 skip a stage.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${LW_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"

default_extra=1
[ $# -gt 0 ] && default_extra=0

if [ "${LW_SANITIZE:-$default_extra}" = 1 ]; then
  san=${LW_SAN_BUILD_DIR:-$build-asan}
  flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
  cmake -S . -B "$san" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLW_WITH_TORCH=OFF \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
  cmake --build "$san" -j"$(nproc)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$san" --output-on-failure -j"$(nproc)"
fi

if [ "${LW_FUZZ:-$default_extra}" = 1 ]; then
  fuzz=${LW_FUZZ_BUILD_DIR:-$build-fuzz}
  cmake -S tests/fuzz -B "$fuzz" -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$fuzz" -j"$(nproc)"
  bash tests/fuzz/run.sh "$fuzz" "${LW_FUZZ_SECONDS:-20}"
fi
