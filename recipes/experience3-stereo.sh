#!/usr/bin/env bash
# Experience 3 of "Soundwalking deep latent spaces" (NIME 2023): a stereo
# soundscape model whose image turns with the walker (stereo: rotate); a
# random walk with much turning, and a slow drift of the stereo width.
# MODEL=path/to/stereo_rave.ts for a real stereo RAVE model (default
# builtin:voices-stereo).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LW_BIN:-build/bin}
model=${MODEL:-builtin:voices-stereo}
scene=testdata/scenes/experience3-stereo.yaml
out=${LW_OUT:-out}  # output directory (relative to the repository root)
mkdir -p "$out"
"$bin/lw-walk" generate random --scene "$scene" --duration 120 --turn-rate 60 --seed 3 \
  -o "$out/experience3-walk.json"
"$bin/lw-walk" plot "$out/experience3-walk.json" --scene "$scene" -o "$out/experience3-walk.svg"
"$bin/lw-render" walk "$out/experience3-walk.json" --scene "$scene" \
  --mapping testdata/mappings/experience3-stereo.yaml --model "$model" --seed 1 -o "$out/experience3.wav" --report "$out/experience3.html"
echo "experience 3: $out/experience3.wav, $out/experience3.html, $out/experience3.manifest.json, $out/experience3-walk.svg"
