#!/usr/bin/env bash
# A saxophone take through a model's latent space (lw-render audio: encode,
# add a walk's mapped values to the latents, decode), with the review page:
# the input's loudness, pitch, centroid and flatness, spectrograms of the
# take and of the render, the latents, and the walker on the scene's map.
# TAKE=... (default testdata/sax/phrase.wav), MODEL=path/to/rave.ts (default
# builtin:voices).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${LW_BIN:-build/bin}
take=${TAKE:-testdata/sax/phrase.wav}
model=${MODEL:-builtin:voices}
scene=testdata/scenes/experience2-landmarks.yaml
out=${LW_OUT:-out}  # output directory (relative to the repository root)
mkdir -p "$out"
seconds=$(soxi -D "$take" 2>/dev/null || echo 10)
# A visit of the landmarks over the take's length, mapped as in experience 2
# (the mapped values are offsets added to the take's own latents).
"$bin/lw-walk" generate visit --scene "$scene" --duration "$seconds" --seed 4 -o "$out/sax-render-walk.json" -q
"$bin/lw-render" audio "$take" --walk "$out/sax-render-walk.json" --scene "$scene" \
  --mapping testdata/mappings/experience2-landmarks.yaml --model "$model" --seed 1 \
  -o "$out/sax-render.wav" --report "$out/sax-render.html" -q
echo "sax through $model: $out/sax-render.wav, review page $out/sax-render.html"
