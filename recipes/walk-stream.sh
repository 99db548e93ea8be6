#!/usr/bin/env bash
# A live browser stream, replayed: the raw WebSocket messages of
# testdata/walks/browser-stream.ndjson (no time stamps, "phi" for azimuth)
# arrive on a pipe at about 10 per second, as `websocat` would deliver them;
# `lw-walk record` stamps them by arrival. The recording is then checked,
# resampled to the latent rate of a 48 kHz / ratio 2048 model (23.4375 Hz),
# described, and plotted in the scene of experience 1.
#
# With a real browser: websocat -t ws-l:127.0.0.1:8080 - | lw-walk record -o walk.json
#
# Usage: recipes/walk-stream.sh [OUTDIR]   (default ./walk-stream)
# Tools from PATH, or from ${LW_BIN:-build/bin}.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-walk-stream}
bin=${LW_BIN:-$here/build/bin}
if command -v lw-walk >/dev/null; then W=lw-walk; else W=$bin/lw-walk; fi
scene=$here/testdata/scenes/experience1-voice.yaml
mkdir -p "$out"

while IFS= read -r message; do
  printf '%s\n' "$message"
  sleep 0.1
done < "$here/testdata/walks/browser-stream.ndjson" | "$W" record --rate 10 -o "$out/recorded.json"
"$W" validate "$out/recorded.json" --max-gap 0.3
"$W" resample "$out/recorded.json" --rate 23.4375 --method cubic -o "$out/latent-rate.json" -q
"$W" info "$out/latent-rate.json" --scene "$scene"
"$W" plot "$out/recorded.json" --scene "$scene" --title "recorded stream (replayed)" -o "$out/recorded.svg" -q
echo "wrote $out/recorded.json, $out/latent-rate.json, $out/recorded.svg"
