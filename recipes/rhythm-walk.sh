#!/usr/bin/env bash
# The rhythm side of the Latent Space Explorer, offline: train the rhythm VAE
# on the test grooves, draw its latent map, follow a control path (as
# lw-train-explorer predicts from a saxophone take) through the latent space
# to one drum MIDI file, and render it with the built-in drum synth.
#
# Usage: recipes/rhythm-walk.sh [OUTDIR] [CONTROL.json] [SEED]
#   defaults: ./rhythm-walk, testdata/midi/explorer-path.control.json, 1
# Tools from PATH, or from ${LW_BIN:-build/bin}.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-rhythm-walk}
path=${2:-$here/testdata/midi/explorer-path.control.json}
seed=${3:-1}
bin=${LW_BIN:-$here/build/bin}
if command -v lw-rhythm >/dev/null; then R=lw-rhythm; else R=$bin/lw-rhythm; fi
mkdir -p "$out"
grooves=()
for f in "$here"/testdata/midi/*.mid; do
  [ "$(basename "$f")" = no-drums.mid ] || grooves+=("$f")
done

# 1. Train (about 15-30 s on one core) and show what the model holds.
"$R" train "${grooves[@]}" -o "$out/grooves.lwr" --epochs 300 --seed "$seed" --quiet
"$R" inspect "$out/grooves.lwr"

# 2. The latent map, with the training loops on it.
"$R" map "$out/grooves.lwr" -o "$out/map.svg" --json "$out/map.json"
if command -v rsvg-convert >/dev/null; then rsvg-convert "$out/map.svg" -o "$out/map.png"; fi

# 3. Where the training loops sit.
"$R" encode "$out/grooves.lwr" "${grooves[@]}" --min-onsets 5 >"$out/loops.tsv"

# 4. One loop per two bars along the control path, then a single point.
"$R" generate "$out/grooves.lwr" --path "$path" --tempo 110 --seed "$seed" -o "$out/path.mid" --json >"$out/path.json"
"$R" generate "$out/grooves.lwr" --z 1.5,0 --loops 4 --noise 0.3 --seed "$seed" -o "$out/point.mid" --quiet

# 5. Hear it.
"$R" preview "$out/path.mid" -o "$out/path.wav"
"$R" preview "$out/point.mid" -o "$out/point.wav" --quiet
echo "map: $out/map.svg; path: $out/path.mid -> $out/path.wav"
