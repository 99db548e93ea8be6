#!/usr/bin/env bash
# A live browser stream, replayed: the raw WebSocket messages of
# testdata/walks/browser-stream.ndjson (no time stamps, "phi" for azimuth)
# are sent at 10 per second over a WebSocket to `lw-walk record --listen`,
# which stamps them by arrival and writes the walk when the walker has gone
# (--until-idle). The recording is then checked, resampled to the latent
# rate of a 48 kHz / ratio 2048 model (23.4375 Hz), described, and plotted in
# the scene of experience 1.
#
# With a real browser, instead of the replay: open recipes/browser/walk.html
# (or paste recipes/browser/latentwalk-stream.js into your WebGL world) and
# point it at the address lw-walk prints; add --osc 127.0.0.1:9000 to drive
# an nn~ patch at the same time.
#
# Usage: recipes/walk-stream.sh [OUTDIR]   (default ./walk-stream)
# Tools from PATH, or from ${LW_BIN:-build/bin}; node with tests/js's `ws`
# (tools/install-deps.sh installs both).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-walk-stream}
bin=${LW_BIN:-$here/build/bin}
if command -v lw-walk >/dev/null; then W=lw-walk; else W=$bin/lw-walk; fi
export NODE_PATH=$here/tests/js/node_modules
scene=$here/testdata/scenes/experience1-voice.yaml
mkdir -p "$out"
rm -f "$out/recorded.json"

# The server, on a free port (0); it says where it listens.
"$W" record --listen 127.0.0.1:0 --until-idle 1 --rate 10 -o "$out/recorded.json" 2> "$out/record.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/.*listening on ws:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out/record.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$out/record.log"; echo "walk-stream.sh: lw-walk record did not start" >&2; exit 1; }
node "$here/recipes/browser/replay.js" "ws://127.0.0.1:$port" "$here/testdata/walks/browser-stream.ndjson" 10
wait $server   # stops by itself one second after the walker has gone
trap - EXIT
cat "$out/record.log"

"$W" validate "$out/recorded.json" --max-gap 0.3
"$W" resample "$out/recorded.json" --rate 23.4375 --method cubic -o "$out/latent-rate.json" -q
"$W" info "$out/latent-rate.json" --scene "$scene"
"$W" plot "$out/recorded.json" --scene "$scene" --title "recorded stream (replayed over a WebSocket)" -o "$out/recorded.svg" -q
echo "wrote $out/recorded.json, $out/latent-rate.json, $out/recorded.svg"
