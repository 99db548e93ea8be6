#!/usr/bin/env bash
# lw-train-explorer benchmark: training time for 200 pairs x 1000 epochs and
# prediction time for a 5-minute take beyond feature extraction
# (goals: < 2 s and < 0.5 s). Builds nothing; prints figures.
# Usage: tests/bench/lw-train-explorer-bench.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-build}" && pwd)
bin=$build/bin
X=$bin/lw-train-explorer
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-explorer-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

wall_rss() {  # wall_rss LABEL CMD...: wall time and peak memory of one run
  local label=$1; shift
  /usr/bin/time -v "$@" >"$tmp/out" 2>"$tmp/time" || { cat "$tmp/time"; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tmp/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tmp/time")
  printf '%-58s wall %6.2f s  peak %4s MB\n' "$label" "$wall" "$rss"
}
field() { /usr/bin/python3 -c "import json,sys; print('%.3f' % json.load(open('$tmp/out'))['$1'])"; }

echo "== machine: $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"

echo "== training: 200 pairs x 1000 epochs (10 inputs, hidden 3,3, batch 50, validation 0.2)"
/usr/bin/python3 - <<'PY'
import json, random
random.seed(1)
names = ["ambitus", "density", "loudness", "centroid", "spread", "skewness", "kurtosis", "rolloff", "flatness", "crest"]
pairs = []
for i in range(200):
    u = [random.random() for _ in names]
    x = [24 * u[0], 8 * u[1], -60 + 60 * u[2], 200 + 4000 * u[3], 3000 * u[4], 4 * u[5], 1 + 20 * u[6],
         8000 * u[7], -60 * u[8], 30 * u[9]]
    pairs.append({"id": i + 1, "in": x, "out": [-3 + 6 * u[2], -3 + 6 * u[3], u[2] + u[3], 10000 * (1 - u[2])],
                  "source": {"kind": "manual"}})
json.dump({"format": "latentwalk.explorer-dataset", "version": 1, "inputs": names,
           "outputs": [{"name": "x", "min": -3, "max": 3}, {"name": "y", "min": -3, "max": 3},
                       {"name": "noise", "min": 0, "max": 2}, {"name": "ramp_ms", "min": 0, "max": 10000}],
           "next_id": 201, "pairs": pairs}, open("ds200.json", "w"))
PY
for t in 1 2; do
  wall_rss "lw-train-explorer train --threads $t (whole process)" "$X" train ds200.json -o m$t.json --threads $t --json -q
  echo "    training loop alone: $(field seconds) s; validation loss $(field validation_loss)"
done
# The files record the thread count; compare the layers.
/usr/bin/python3 -c "
import json; a, b = (json.load(open(f))['layers'] for f in ('m1.json', 'm2.json'))
print('    weights for 1 and 2 threads:', 'identical' if a == b else 'differ')"
if [ -x "$bin/explorer_bench" ]; then
  echo "== LibTorch vs a hand-written C++ loop (in process, all 200 pairs train)"
  "$bin/explorer_bench" | sed 's/^/    /'
fi

echo "== prediction: a 5-minute take (the four sax takes repeated, 44.1 kHz mono)"
sax=$here/testdata/sax
sox "$sax/phrase.wav" "$sax/low_slow.wav" "$sax/high_fast.wav" "$sax/mixed.wav" take20.wav
sox take20.wav take5min.wav repeat 14 trim 0 300
echo "    take: $(soxi -D take5min.wav) s"
wall_rss "lw-train-explorer predict --vector (process start only)" "$X" predict m1.json --vector 1,2,-20,1000,900,1,3,2000,-30,10
wall_rss "lw-train-explorer predict --audio (whole process)" "$X" predict m1.json --audio take5min.wav -o p.json --json -q
echo "    feature extraction: $(field feature_seconds) s; prediction + SHA-256 of the take (provenance) + write: $(field predict_seconds) s"
wall_rss "lw-train-explorer predict --audio --smooth 0.3" "$X" predict m1.json --audio take5min.wav --smooth 0.3 -o p.json --json -q
echo "    feature extraction: $(field feature_seconds) s; prediction + smoothing + SHA-256 + write: $(field predict_seconds) s"
if [ -x "$bin/lw-features" ]; then
  wall_rss "lw-features extract (for comparison)" "$bin/lw-features" extract take5min.wav -o f.json -q
  wall_rss "lw-train-explorer predict --features f.json (whole process)" "$X" predict m1.json --features f.json -o p2.json --json -q
  echo "    reading features: $(field feature_seconds) s; prediction + SHA-256 + write: $(field predict_seconds) s"
fi
echo "    frames: $(/usr/bin/python3 -c "import json; print(len(json.load(open('p.json'))['frames']))")"
