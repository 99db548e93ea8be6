#!/usr/bin/env bash
# Builds the SMF reader with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer and fuzzes it, seeded with testdata/midi/*.mid.
# Usage: tests/midi/fuzz/run.sh [SECONDS] (default 60). Needs clang.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
secs=${1:-60}
work=$(mktemp -d "${TMPDIR:-/tmp}/smf-fuzz.XXXXXX")
mkdir -p "$work/version/core" "$work/corpus"
sed -e 's/@PROJECT_VERSION@/0.0.0/g' -e 's/@LW_GIT_REVISION@/fuzz/g' "$here/lib/core/version.hpp.in" >"$work/version/core/version.hpp"
clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I"$here/lib" -I"$work/version" \
  "$here/tests/midi/fuzz/smf_fuzzer.cpp" "$here/lib/midi/smf.cpp" "$here/lib/core/error.cpp" \
  "$here/lib/core/atomic_file.cpp" -o "$work/smf_fuzzer"
cp "$here"/testdata/midi/*.mid "$work/corpus/"
"$work/smf_fuzzer" -max_total_time="$secs" -max_len=4096 -print_final_stats=1 "$work/corpus" 2>&1 | tail -25
echo "work dir (corpus, any crash-* files): $work"
