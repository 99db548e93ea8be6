#!/usr/bin/env bash
# lw-render benchmark: real-time factor and peak memory of 10 s, 60 s and
# 600 s renders, for builtin:voices and for a RAVE-sized model (~31 M
# parameters of convolutions, made here by make_rave_sized_model.py), against
# a plain Python baseline (torch.jit.load(m).decode(z) in one call, Debian's
# python3-torch, same threads, same walk and latents).
# Usage: tests/bench/lw-render-bench.sh [BUILD_DIR] [THREADS] [DURATIONS]
# Builds nothing; needs BUILD_DIR/bin/lw-render and lw-walk.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
threads=${2:-1}
durations=${3:-"10 60 600"}
bin=$build/bin
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-render-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

"$bin/lw-render" export builtin:voices -o "$tmp/voices.ts"
/usr/bin/python3 "$here/make_rave_sized_model.py" "$tmp/rave.ts" >&2

# peak RSS (MiB) and wall seconds of a command, from /usr/bin/time -v
measure() {
  /usr/bin/time -v "$@" >"$tmp/cmd.out" 2>"$tmp/time.err"
  rss=$(awk -F: '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$tmp/time.err")
  wall=$(awk '/Elapsed \(wall clock\)/ {n = split($NF, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$tmp/time.err")
}

printf "threads %s, %s, load %s\n" "$threads" "$(nproc) cores" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-10s %6s | %-28s | %-40s\n" model seconds "lw-render: RTF  peak MiB" "python baseline: RTF (decode only)  peak MiB"
for d in $durations; do
  "$bin/lw-walk" generate orbit --duration "$d" --seed 1 -o "$tmp/walk.csv" -q
  for model in voices rave; do
    measure "$bin/lw-render" walk "$tmp/walk.csv" --model "$tmp/$model.ts" --interpolation linear \
      --threads "$threads" --seed 0 -o "$tmp/out.wav" --no-manifest -q
    ours_rtf=$(awk -v w="$wall" -v d="$d" 'BEGIN {printf "%.4f", w / d}')
    ours_rss=$rss
    rm -f "$tmp/out.wav"
    if measure /usr/bin/python3 "$here/lw-render-baseline.py" "$tmp/$model.ts" "$tmp/walk.csv" "$threads" "$tmp/out.f32"; then
      py_rtf=$(awk -v w="$wall" -v d="$d" 'BEGIN {printf "%.4f", w / d}')
      py_dec=$(/usr/bin/python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print('%.4f' % (j['decode_s'] / j['duration']))" "$tmp/cmd.out")
      py="$py_rtf ($py_dec)  $rss"
    else
      py="failed (out of memory?)"
    fi
    rm -f "$tmp/out.f32"
    printf "%-10s %6s | %-8s %10s          | %s\n" "$model" "$d" "$ours_rtf" "$ours_rss" "$py"
  done
done
echo "RTF = wall time / audio duration (lower is faster); lw-render's includes start-up, loading and writing the WAV."
