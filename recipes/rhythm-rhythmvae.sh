#!/usr/bin/env bash
# lw-rhythm and M4L.RhythmVAE both ways.
#  A. Train on the command line (fast, scripted, reproducible) the way the
#     device reads MIDI (--map rhythmvae: its classes, note table, 96-step
#     grid), check the latent space is in use, and export the decoder as the
#     TensorFlow.js model folder the device loads (its "load model" button).
#  B. Take a model the device saved (a NAME.model folder) and map it, then
#     generate along a control path (as lw-train-explorer predicts one).
#
# Usage: recipes/rhythm-rhythmvae.sh [OUTDIR] [DEVICE.model] [CONTROL.json] [SEED]
#   defaults: ./rhythm-rhythmvae; without DEVICE.model, part B imports the
#   folder exported in part A; testdata/midi/explorer-path.control.json; 1.
# Tools from PATH, or from ${LW_BIN:-build/bin}.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-rhythm-rhythmvae}
device=${2:-}
path=${3:-$here/testdata/midi/explorer-path.control.json}
seed=${4:-1}
bin=${LW_BIN:-$here/build/bin}
if command -v lw-rhythm >/dev/null; then R=lw-rhythm; else R=$bin/lw-rhythm; fi
mkdir -p "$out"

# A1. Train on the second groove set with the device's reading of MIDI.
#     --check: exit 1 (model still written) if a latent axis went unused.
"$R" train "$here"/testdata/midi/grooves2/*.mid --map rhythmvae --epochs ${EPOCHS:-150} --seed "$seed" \
  --check --quiet -o "$out/grooves2.lwr"
"$R" inspect "$out/grooves2.lwr"

# A2. The decoder for the device: copy this folder next to your Live set and
#     load it in M4L.RhythmVAE.
"$R" export "$out/grooves2.lwr" --to rhythmvae -o "$out/grooves2.model"

# B1. A device model: import its decoder (encode is not possible: the device
#     saves only the decoder).
"$R" import "${device:-$out/grooves2.model}" -o "$out/device.lwr"

# B2. Its latent map (no training loops are stored in a device model).
"$R" map "$out/device.lwr" -o "$out/device-map.svg" --json "$out/device-map.json"

# B3. One loop per two bars along the control path, and hear it.
"$R" generate "$out/device.lwr" --path "$path" --tempo 120 --seed "$seed" -o "$out/device-path.mid" --json \
  >"$out/device-path.json"
"$R" preview "$out/device-path.mid" -o "$out/device-path.wav" --quiet
echo "device folder: $out/grooves2.model; map: $out/device-map.svg; path: $out/device-path.mid -> $out/device-path.wav"
