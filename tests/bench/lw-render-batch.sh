#!/usr/bin/env bash
# Batch rendering: N walks of SECONDS s through a RAVE-sized model
# (make_rave_sized_model.py), one lw-render process (the model loaded once)
# against N processes (one per walk), same threads; outputs compared.
# Usage: tests/bench/lw-render-batch.sh [BUILD_DIR] [N] [SECONDS] [THREADS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
n=${2:-20}
seconds=${3:-60}
threads=${4:-2}
bin=$build/bin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-render-batch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/make_rave_sized_model.py" "$tmp/rave.ts" >&2
mkdir "$tmp/walks" "$tmp/one" "$tmp/many"
for i in $(seq "$n"); do "$bin/lw-walk" generate orbit --duration "$seconds" --seed "$i" -o "$tmp/walks/w$i.csv" -q; done
echo "$n walks of $seconds s, --threads $threads, $(nproc) cores, load at start $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
"$bin/lw-render" walk "$tmp"/walks/*.csv -m "$tmp/rave.ts" --threads "$threads" -o "$tmp/one/{stem}.wav" --no-manifest -q
one=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
start=$(date +%s.%N)
for f in "$tmp"/walks/*.csv; do
  "$bin/lw-render" walk "$f" -m "$tmp/rave.ts" --threads "$threads" -o "$tmp/many/$(basename "$f" .csv).wav" --no-manifest -q
done
many=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
for f in "$tmp"/one/*.wav; do cmp "$f" "$tmp/many/$(basename "$f")"; done && echo "outputs identical"
awk -v a="$one" -v b="$many" -v n="$n" 'BEGIN {
  printf "one process: %.1f s, %d processes: %.1f s (%.2fx; %.2f s saved per walk)\n", a, n, b, b / a, (b - a) / n }'
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
