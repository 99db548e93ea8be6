#!/usr/bin/env bash
# Load on lw-walk record --listen over loopback: 16 walkers at 100 Hz, and one
# walker at 1 kHz, each for SECONDS (default 60). Real WebSocket clients (node +
# the pinned ws, tests/walk/e2e/ws_client.js) send frames on a schedule; the
# server journals every frame and writes one file per walker. Prints, per
# run: frames sent and written per walker (and whether every walker's frames
# are all there, in order, unaltered), the server's CPU time and use, and its
# peak memory. Figures only, no assertions (exit 1 only if the run failed).
# Usage: tests/bench/lw-walk-record-bench.sh [BUILD_DIR] [SECONDS]   (defaults: build 60)
set -euo pipefail
build=${1:-build}
secs=${2:-60}
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
walk="$build/bin/lw-walk"
[ -x "$walk" ] || { echo "no $walk; build the lw-walk target first" >&2; exit 2; }
export NODE_PATH="$src/tests/js/node_modules"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-walk-record-bench.XXXXXX")
server=""
trap '[ -n "$server" ] && kill -9 $server 2>/dev/null; rm -rf "$tmp"' EXIT

# run LABEL WALKERS RATE SECONDS [record options]
run() {
  local label=$1 walkers=$2 rate=$3 dur=$4; shift 4
  local frames dir
  frames=$(awk -v r="$rate" -v s="$dur" 'BEGIN { printf "%d", r * s }')
  dir="$tmp/$walkers-$rate$*"
  mkdir -p "$dir"
  /usr/bin/time -f '%U %S %e %M' -o "$dir/time" \
    "$walk" record --listen 127.0.0.1:0 -o "$dir/{walker}.json" --max-walkers "$walkers" --json "$@" \
    > "$dir/summary.json" 2> "$dir/err" &
  server=$!
  local port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on ws:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$dir/err")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { cat "$dir/err"; exit 1; }
  node "$src/tests/walk/e2e/ws_client.js" "$port" stream "$walkers" "$rate" "$frames" named > "$dir/sent.json"
  sleep 0.5
  kill -TERM "$(pgrep -P "$server" -x lw-walk || echo "$server")" 2>/dev/null || true
  wait "$server" || { cat "$dir/err"; exit 1; }
  server=""
  # Every walker: the frames sent, all written, in order and unaltered (x = index, z = walker).
  node -e '
    const fs = require("fs");
    const [dir, walkers, n] = process.argv.slice(1);
    const sent = JSON.parse(fs.readFileSync(dir + "/sent.json", "utf8"));
    let ok = 0, written = 0;
    for (let w = 0; w < +walkers; w++) {
      const f = JSON.parse(fs.readFileSync(`${dir}/walker${w}.json`, "utf8")).frames;
      written += f.length;
      let good = f.length === sent.sent[w];
      for (let i = 0; good && i < f.length; i++) good = f[i].x === i && f[i].z === w && (i === 0 || f[i].t > f[i - 1].t);
      ok += good;
    }
    const total = sent.sent.reduce((a, b) => a + b, 0);
    console.log(`  sent ${total} frames in ${sent.seconds.toFixed(1)} s (${(total / sent.seconds).toFixed(0)}/s), written ${written}; ` +
                `${ok}/${walkers} walkers complete and in order`);
  ' "$dir" "$walkers" "$frames"
  read -r user sys wall kib < "$dir/time"
  awk -v l="$label" -v u="$user" -v s="$sys" -v e="$wall" -v k="$kib" 'BEGIN {
    printf "  server: CPU %.2f s user + %.2f s sys over %.1f s = %.1f%% of one core; peak RSS %.1f MiB\n", u, s, e, 100 * (u + s) / e, k / 1024 }'
}

echo "lw-walk record benchmark: ${secs} s per run (--sync: 5 s) ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ))"
echo "16 walkers x 100 Hz:"
run "16x100" 16 100 "$secs"
echo "1 walker x 1000 Hz:"
run "1x1000" 1 1000 "$secs"
# fsync per frame is bounded by the disk, not the server: 5 s of frames only.
echo "1 walker x 1000 Hz, --sync (fsync per frame), 5000 frames:"
run "1x1000 sync" 1 1000 5 --sync
