#!/usr/bin/env bash
# Experience 2 of "Soundwalking deep latent spaces" (NIME 2023): the voice
# mapping in a scene of several ellipsoid landmarks, walked with `visit`
# (slow next to landmarks, fast between them, as people walked there). Zones:
# inside the tower and the dune other mappings take over.
# MODEL=path/to/rave_vctk.ts for a real RAVE model (default builtin:voices).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LW_BIN:-build/bin}
model=${MODEL:-builtin:voices}
scene=testdata/scenes/experience2-landmarks.yaml
out=${LW_OUT:-out}  # output directory (relative to the repository root)
mkdir -p "$out"
"$bin/lw-walk" generate visit --scene "$scene" --duration 120 --seed 2 -o "$out/experience2-walk.json"
"$bin/lw-walk" plot "$out/experience2-walk.json" --scene "$scene" -o "$out/experience2-walk.svg"
"$bin/lw-render" walk "$out/experience2-walk.json" --scene "$scene" \
  --mapping testdata/mappings/experience2-landmarks.yaml --model "$model" --seed 1 -o "$out/experience2.wav" --report "$out/experience2.html"
echo "experience 2: $out/experience2.wav, $out/experience2.html, $out/experience2.manifest.json, $out/experience2-walk.svg"
