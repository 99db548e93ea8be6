#!/usr/bin/env bash
# lw-render on both cores: a 60 s walk through a RAVE-sized model
# (make_rave_sized_model.py) with --threads 1 and 2, against the Python peer
# (torch.jit.load(m).decode(z) in one call, Debian's python3-torch, at 1 and
# 2 threads: its best counts), whole process, side by side in one run;
# then 60 s and 600 s at --threads 2 for peak memory (flat in duration).
# Each figure is repeated REPEATS times: min and median wall seconds.
# Usage: tests/bench/lw-render-threads.sh [BUILD_DIR] [REPEATS] [SECONDS]
# Goals (issue 12): --threads 2 >= 1.7x faster than --threads 1, >= 2.5x
# faster than the peer's best; 600 s at the 60 s memory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
repeats=${2:-3}
seconds=${3:-60}
bin=$build/bin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-render-threads.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/make_rave_sized_model.py" "$tmp/rave.ts" >&2
"$bin/lw-walk" generate orbit --duration "$seconds" --seed 1 -o "$tmp/walk.csv" -q
"$bin/lw-walk" generate orbit --duration 600 --seed 1 -o "$tmp/walk600.csv" -q

# wall seconds and peak RSS (MiB) of a command
measure() {
  /usr/bin/time -f "%e %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; return 1; }
  read -r wall kb <"$tmp/time"
  rss=$((kb / 1024))
}
stats() {  # min median of the numbers on stdin
  sort -g | awk '{v[NR] = $1} END {m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.2f %.2f\n", v[1], m}'
}
run() {  # label, command...: REPEATS runs, prints label min median rss
  local label=$1; shift
  : >"$tmp/walls"
  for _ in $(seq "$repeats"); do measure "$@"; echo "$wall" >>"$tmp/walls"; done
  read -r mn md < <(stats <"$tmp/walls")
  printf "%-34s %8s %8s %9s\n" "$label" "$mn" "$md" "$rss"
  eval "min_${label//[^a-z0-9]/_}=$mn; med_${label//[^a-z0-9]/_}=$md"
}

printf "%s s walk, %s repeats, %s cores, load at start %s\n" "$seconds" "$repeats" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-34s %8s %8s %9s\n" "whole process" "min s" "median s" "peak MiB"
render() {  # walk threads: the command line
  echo "$bin/lw-render" walk "$1" --model "$tmp/rave.ts" --interpolation linear --threads "$2" --seed 0 \
    -o "$tmp/out$2.wav" --no-manifest -q
}
run "lw-render threads 1" $(render "$tmp/walk.csv" 1)
run "lw-render threads 2" $(render "$tmp/walk.csv" 2)
cmp "$tmp/out1.wav" "$tmp/out2.wav" && echo "(--threads 1 and 2: identical bytes)"
run "python peer threads 1" /usr/bin/python3 "$here/lw-render-baseline.py" "$tmp/rave.ts" "$tmp/walk.csv" 1 "$tmp/py.f32"
run "python peer threads 2" /usr/bin/python3 "$here/lw-render-baseline.py" "$tmp/rave.ts" "$tmp/walk.csv" 2 "$tmp/py.f32"
peer=$(awk -v a="$min_python_peer_threads_1" -v b="$min_python_peer_threads_2" 'BEGIN {print (a < b) ? a : b}')
awk -v t1="$min_lw_render_threads_1" -v t2="$min_lw_render_threads_2" -v p="$peer" 'BEGIN {
  printf "speed-up --threads 2 over 1: %.2fx (goal 1.7x); over the peer at its best: %.2fx (goal 2.5x)\n", t1 / t2, p / t2 }'
measure $(render "$tmp/walk.csv" 2); rss60=$rss
measure $(render "$tmp/walk600.csv" 2); rss600=$rss; wall600=$wall
printf "peak memory --threads 2: %s s %s MiB, 600 s %s MiB (600 s took %s s)\n" "$seconds" "$rss60" "$rss600" "$wall600"
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared: figures under load are noisy)"
