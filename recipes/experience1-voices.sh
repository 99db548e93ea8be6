#!/usr/bin/env bash
# Experience 1 of "Soundwalking deep latent spaces" (NIME 2023): a mono voice
# model and one sphere landmark at the origin; position drives the first
# latent dimensions. A spiral walk winds in towards the sphere.
# MODEL=path/to/rave_vctk.ts to use a real RAVE voice model (default: the
# built-in, untrained builtin:voices). Tools from $LW_BIN (default build/bin).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LW_BIN:-build/bin}
model=${MODEL:-builtin:voices}
scene=testdata/scenes/experience1-voice.yaml
out=${LW_OUT:-out}  # output directory (relative to the repository root)
mkdir -p "$out"
"$bin/lw-walk" generate spiral --scene "$scene" --duration 90 --radius 25 --turns 3 --seed 1 \
  -o "$out/experience1-walk.json"
"$bin/lw-walk" plot "$out/experience1-walk.json" --scene "$scene" -o "$out/experience1-walk.svg"
"$bin/lw-render" walk "$out/experience1-walk.json" --scene "$scene" \
  --mapping testdata/mappings/experience1-voice.yaml --model "$model" --seed 1 -o "$out/experience1.wav" --report "$out/experience1.html"
echo "experience 1: $out/experience1.wav, $out/experience1.html, $out/experience1.manifest.json, $out/experience1-walk.svg"
