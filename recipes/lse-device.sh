#!/usr/bin/env bash
# Latent Space Explorer device <-> command line: the device's two datasets
# (fluid.dataset~ input_data and params_data, written with "write") ->
# an explorer dataset -> the device's network trained here -> a model file the
# device loads with its Load_Model button (fluid.mlpregressor~ read), and the
# dataset back as the two FluCoMa files (fluid.dataset~ read).
#
# Usage: recipes/lse-device.sh [OUTDIR [INPUT_DATA.json PARAMS_DATA.json]]
#   (tools on PATH or in ${LW_BIN:-build/bin})
# Without the two files, it first makes them as the device would: one pair
# per "Add In/Out Pair" click, here a 0.1 s snapshot of the device's input
# vector (lw-features --preset lse) at a few moments of three saxophone takes.
# Writes OUTDIR/lse.dataset.json, OUTDIR/lse.model.json (latentwalk fields),
# OUTDIR/LSE-model.json (bare, for the device), OUTDIR/input_data.json and
# OUTDIR/params_data.json, OUTDIR/mixed.control.json.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${LW_BIN:-$here/build/bin}
X=$(command -v lw-train-explorer || echo "$bin/lw-train-explorer")
sax=$here/testdata/sax
out=${1:-lse-device}
mkdir -p "$out"
rm -f "$out/lse.dataset.json" "$out/collect.json"

if [ $# -ge 3 ]; then
  in_json=$2 out_json=$3
else
  # Collect as in the device: outputs in its ranges (x, y 0..127, noise 0..2,
  # ramp 0..5000 ms); low slow notes -> one corner, fast runs -> the other.
  c=$out/collect.json
  for t in 1.0 2.0 3.0 4.0; do "$X" add "$c" -q --preset lse --audio "$sax/low_slow.wav" --from $t --to $(awk -v t=$t 'BEGIN { print t + 0.1 }') --out 10,15,0.2,3000; done
  for t in 1.0 2.0 3.0 4.0; do "$X" add "$c" -q --preset lse --audio "$sax/high_fast.wav" --from $t --to $(awk -v t=$t 'BEGIN { print t + 0.1 }') --out 115,110,1.5,200; done
  for t in 1.0 1.6 2.2 2.8; do "$X" add "$c" -q --preset lse --audio "$sax/run140.wav" --from $t --to $(awk -v t=$t 'BEGIN { print t + 0.1 }') --out 120,100,1.8,100; done
  for t in 1.5 2.5 3.5 4.5; do "$X" add "$c" -q --preset lse --audio "$sax/phrase.wav" --from $t --to $(awk -v t=$t 'BEGIN { print t + 0.1 }') --out 20,110,0.5,1000; done
  in_json=$out/device_input_data.json out_json=$out/device_params_data.json
  rm -f "$in_json" "$out_json"
  "$X" export-flucoma "$c" --inputs-json "$in_json" --outputs-json "$out_json"
fi

# 1. The device's datasets -> an explorer dataset (pairs matched by id)
"$X" import-flucoma "$out/lse.dataset.json" --inputs-json "$in_json" --outputs-json "$out_json"
# 2. The device's network and training: 10 -> 3 -> 4 sigmoid, batch 1,
#    10000 epochs, learning rate 0.1, no validation
#    (LW_LSE_EPOCHS shortens it, for tests)
"$X" train "$out/lse.dataset.json" --preset lse --seed 1 --epochs "${LW_LSE_EPOCHS:-10000}" -o "$out/lse.model.json"
# 3. A bare FluCoMa model: the device's Load_Model reads it
rm -f "$out/LSE-model.json" "$out/input_data.json" "$out/params_data.json"
"$X" export "$out/lse.model.json" --flucoma -o "$out/LSE-model.json"
# 4. ... and the dataset back for fluid.dataset~ read
"$X" export-flucoma "$out/lse.dataset.json" --inputs-json "$out/input_data.json" --outputs-json "$out/params_data.json"
# 5. What the device would send to the R-VAE while the mixed take plays
"$X" predict "$out/LSE-model.json" --preset lse --audio "$sax/mixed.wav" -o "$out/mixed.control.json"
python3 - "$out/mixed.control.json" <<'PY'
import json, sys
frames = json.load(open(sys.argv[1]))["frames"]
parts = [("long notes D4 F4 A4", 0.2, 2.8), ("fast run D5..D4", 2.9, 4.45), ("long note C4", 4.6, 5.4)]
print(f"{'passage of mixed.wav':24} {'x':>6} {'y':>6} {'noise':>6} {'ramp_ms':>8}  (device ranges)")
for name, a, b in parts:
    sel = [f for f in frames if a <= f["t"] <= b]
    m = {k: sum(f[k] for f in sel) / len(sel) for k in ("x", "y", "noise", "ramp_ms")}
    print(f"{name:24} {m['x']:6.1f} {m['y']:6.1f} {m['noise']:6.2f} {m['ramp_ms']:8.0f}")
PY
echo "load $out/LSE-model.json in the device (Load_Model); its datasets: $out/input_data.json, $out/params_data.json"
