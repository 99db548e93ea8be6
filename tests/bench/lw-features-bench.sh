#!/usr/bin/env bash
# lw-features benchmark: real-time factor and peak memory for the ten explorer
# features on a 10-minute mono 44.1 kHz file (the saxophone takes repeated),
# against aubio's aubiopitch + aubioonset (1024/512) and the numpy reference
# of spectral shape + RMS on the same file. Memory flatness: the same on a
# 1-minute file. Builds nothing; prints figures.
# Usage: tests/bench/lw-features-bench.sh [BUILD_DIR]   (default: build)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
lwf=$build/bin/lw-features
[ -x "$lwf" ] || { echo "no $lwf (build the lw-features target first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 10 minutes: the four takes (about 21 s) repeated; 1 minute likewise.
sox "$src"/testdata/sax/{phrase,low_slow,high_fast,mixed}.wav "$tmp/takes.wav"
len=$(soxi -D "$tmp/takes.wav")
rep10=$(awk -v l="$len" 'BEGIN { print int(600 / l) }')
sox "$tmp/takes.wav" "$tmp/long.wav" repeat "$rep10" trim 0 600 pad 0 "$(awk -v l="$len" -v r="$rep10" 'BEGIN { d = 600 - l * (r + 1); print (d > 0 ? d : 0) }')"
sox "$tmp/long.wav" "$tmp/short.wav" trim 0 60
dur=$(soxi -D "$tmp/long.wav")
echo "input: $(soxi -r "$tmp/long.wav") Hz, $(soxi -c "$tmp/long.wav") channel, ${dur} s ($(soxi -s "$tmp/long.wav") samples)"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); times are user+sys CPU seconds (one core)"

# run LABEL CMD...: best of 3 CPU times, peak RSS of that run
run() {
  local label=$1; shift
  local best="" rss=""
  for _ in 1 2 3; do
    /usr/bin/time -f "%U %S %M %e" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
    read -r u s m e <"$tmp/time"
    local cpu
    cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')
    if [ -z "$best" ] || awk -v a="$cpu" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$cpu; rss=$m; wall=$e; fi
  done
  printf '%-46s cpu %7.3f s  wall %6.2f s  RTF %7.0fx  peak RSS %7.1f MB\n' "$label" "$best" "$wall" \
    "$(awk -v d="$dur" -v c="$best" 'BEGIN { print d / c }')" "$(awk -v m="$rss" 'BEGIN { print m / 1024 }')"
}

run "lw-features extract, the ten (CSV)" "$lwf" extract "$tmp/long.wav" -o "$tmp/ten.csv" -q
run "lw-features extract, the ten (JSON)" "$lwf" extract "$tmp/long.wav" -o "$tmp/ten.json" -q
run "lw-features extract --all (14 features)" "$lwf" extract "$tmp/long.wav" -o "$tmp/all.csv" --all -q
run "lw-features stats, the ten" "$lwf" stats "$tmp/long.wav" -q
run "lw-features extract, spectral shape + loudness" "$lwf" extract "$tmp/long.wav" -o "$tmp/ref.csv" -q \
  --select centroid,spread,skewness,kurtosis,rolloff,flatness,crest,loudness
run "aubiopitch (yinfft, 1024/512)" aubiopitch -i "$tmp/long.wav" -p yinfft -B 1024 -H 512
run "aubioonset (hfc, 1024/512)" aubioonset -i "$tmp/long.wav" -B 1024 -H 512
run "aubiopitch + aubioonset (sh -c)" sh -c "aubiopitch -i '$tmp/long.wav' -p yinfft -B 1024 -H 512 && aubioonset -i '$tmp/long.wav' -B 1024 -H 512"
run "numpy reference, shape + RMS" /usr/bin/python3 "$src/tests/features/numpy_reference.py" "$tmp/long.wav" -
echo "memory: audio is read in 64k-frame blocks; the feature table (and per-frame intermediates) grows by about 1 MB per minute of audio:"
dur_saved=$dur
dur=60
run "lw-features extract, the ten, 1-minute file" "$lwf" extract "$tmp/short.wav" -o "$tmp/short.csv" -q
dur=$dur_saved
