#!/usr/bin/env bash
# Throughput and peak memory of lw-walk on a 1,000,000-frame trajectory:
# convert between the three formats and resample (linear and cubic).
# Builds nothing; usage: tests/bench/lw-walk-bench.sh [BUILD_DIR] (default build).
# Figures only, no assertions.
set -euo pipefail
build=${1:-build}
walk="$build/bin/lw-walk"
[ -x "$walk" ] || { echo "no $walk; build the lw-walk target first" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-walk-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
frames=1000000

# run LABEL FRAMES CMD...: wall time, frames per second, peak memory
run() {
  local label=$1 n=$2; shift 2
  /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" > /dev/null
  read -r secs kib < "$tmp/time"
  awk -v l="$label" -v s="$secs" -v k="$kib" -v n="$n" \
    'BEGIN { printf "%-34s %7.2f s  %10.0f frames/s  peak %6.0f MiB\n", l, s, (s > 0 ? n / s : 0), k / 1024 }'
}

echo "lw-walk benchmark: $frames frames ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ))"
# 1,000,000 frames = 99999.9 s at 10 Hz (a random walk; frames 0..N-1).
run "generate random (1M frames)" $frames "$walk" generate random --duration 99999.9 --rate 10 -o "$tmp/w.json" -q
ls -l "$tmp/w.json" | awk '{ printf "  JSON size %.1f MiB\n", $5 / 1048576 }'
run "convert JSON -> CSV" $frames "$walk" convert "$tmp/w.json" -o "$tmp/w.csv" -q
run "convert CSV -> NDJSON" $frames "$walk" convert "$tmp/w.csv" -o "$tmp/w.ndjson" -q
run "convert NDJSON -> JSON" $frames "$walk" convert "$tmp/w.ndjson" -o "$tmp/w2.json" -q
run "resample linear 10 -> 23.4375 Hz" $frames "$walk" resample "$tmp/w.json" --rate 23.4375 -o "$tmp/r.json" -q
run "resample cubic 10 -> 23.4375 Hz" $frames "$walk" resample "$tmp/w.json" --rate 23.4375 --method cubic -o "$tmp/c.json" -q
run "info" $frames "$walk" info "$tmp/w.json"
run "plot (SVG, decimated)" $frames "$walk" plot "$tmp/w.json" -o "$tmp/w.svg" -q
cmp -s <(sed 1d "$tmp/w.csv") <("$walk" convert "$tmp/w2.json" --to csv | sed 1d) &&
  echo "  round trip JSON -> CSV -> NDJSON -> JSON: values identical"
# --help start-up time (20 runs)
start=$(date +%s.%N)
for _ in $(seq 20); do "$walk" --help > /dev/null; done
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "lw-walk --help: %.1f ms per run (mean of 20)\n", (b - a) * 1000 / 20 }'
echo "libtorch linked: $(ldd "$walk" | grep -c torch || true)"
