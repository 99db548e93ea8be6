#!/usr/bin/env bash
# Configures, builds and runs every test through ctest (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${LW_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
