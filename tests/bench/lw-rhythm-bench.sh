#!/usr/bin/env bash
# Training throughput of lw-rhythm (loops x epochs per second) on 448 two-bar
# loops x 150 epochs, batch 64, against the same architecture, data, loss and
# batch size in Python with Debian's python3-torch (lw-rhythm-baseline.py),
# on 1 and 2 threads. No held-out split in either (all 448 loops train).
# Builds nothing; usage: tests/bench/lw-rhythm-bench.sh [BUILD_DIR] [EPOCHS]
# (defaults: build, 150); THREADS="1 2" (default) chooses the thread counts.
# Figures only, no assertions. On a machine shared with other work, compare
# the cpu column: wall times then mostly measure the other processes (and
# python3-torch's OpenMP workers spin when they do not get a core).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-build}
epochs=${2:-150}
rhythm="$build/bin/lw-rhythm"
[ -x "$rhythm" ] || { echo "no $rhythm; build the lw-rhythm target first" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-rhythm-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 "$here/testdata/midi/make_grooves.py" --bench 448 --seed 1 --out "$tmp/data"
echo "lw-rhythm training benchmark: 448 loops x $epochs epochs, batch 64 ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ))"

# row LABEL SECONDS LOOPS CPU_SECONDS PEAK_KIB
row() {
  awk -v l="$1" -v s="$2" -v n="$3" -v c="$4" -v k="$5" -v e="$epochs" \
    'BEGIN { printf "%-34s %7.2f s  %7.0f loops*epochs/s  cpu %6.2f s  peak %5.0f MiB\n", l, s, n * e / s, c, k / 1024 }'
}
for threads in ${THREADS:-1 2}; do
  /usr/bin/time -f '%U %S %M' -o "$tmp/time" "$rhythm" train "$tmp"/data/*.mid -o "$tmp/m.lwr" \
    --epochs "$epochs" --holdout 0 --threads "$threads" --json --quiet >"$tmp/lw.json"
  read -r u s kib <"$tmp/time"
  secs=$(/usr/bin/python3 -c "import json; print(json.load(open('$tmp/lw.json'))['seconds'])")
  loops=$(/usr/bin/python3 -c "import json; print(json.load(open('$tmp/lw.json'))['loops'])")
  row "lw-rhythm (C++), $threads thread(s)" "$secs" "$loops" "$(echo "$u + $s" | bc)" "$kib"
  /usr/bin/time -f '%U %S %M' -o "$tmp/time" /usr/bin/python3 "$here/tests/bench/lw-rhythm-baseline.py" \
    "$tmp"/data/*.mid --epochs "$epochs" --threads "$threads" >"$tmp/py.json"
  read -r u s kib <"$tmp/time"
  secs=$(/usr/bin/python3 -c "import json; print(json.load(open('$tmp/py.json'))['seconds'])")
  loops=$(/usr/bin/python3 -c "import json; print(json.load(open('$tmp/py.json'))['loops'])")
  row "python3-torch, $threads thread(s)" "$secs" "$loops" "$(echo "$u + $s" | bc)" "$kib"
done
echo "(seconds: the training loop only, as each implementation reports it; cpu: user+sys of the whole process)"
