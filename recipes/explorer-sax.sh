#!/usr/bin/env bash
# Explorer from saxophone takes: low, slow notes lead to one corner of the
# rhythm latent space, fast, high notes to the opposite one; train; predict a
# control path from a third take (long notes, then a fast run, then a long note).
#
# Usage: recipes/explorer-sax.sh [OUTDIR]   (tools on PATH or in ${LW_BIN:-build/bin})
# Writes OUTDIR/sax.dataset.json, OUTDIR/sax.model.json, OUTDIR/sax.flucoma.json,
# OUTDIR/mixed.control.json and prints where the path goes over time.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${LW_BIN:-$here/build/bin}
X=$(command -v lw-train-explorer || echo "$bin/lw-train-explorer")
sax=$here/testdata/sax
out=${1:-explorer-sax}
mkdir -p "$out"
ds=$out/sax.dataset.json
rm -f "$ds"

# Every frame of the sounding passages is a pair (low_slow: D3 F3 E3, 1.4 s
# each from 0.1 s; high_fast: a C5..G6 arpeggio at 6 notes/s from 0.1 s).
#   low, slow, quiet-ish -> x, y = -2.5, -2.5; little noise; slow 3 s ramps
#   high, fast           -> x, y = +2.5, +2.5; more noise;  fast 0.1 s ramps
"$X" add "$ds" -q --audio "$sax/low_slow.wav" --from 0.2 --to 4.4 --each-frame --out -2.5,-2.5,0.1,3000
"$X" add "$ds" -q --audio "$sax/high_fast.wav" --from 0.2 --to 4.1 --each-frame --out 2.5,2.5,1.5,100
# More fast playing: a 140 bpm sixteenth-note run over 9 semitones (9.3 notes/s).
"$X" add "$ds" -q --audio "$sax/run140.wav" --from 0.2 --to 3.2 --each-frame --out 2.5,2.5,1.5,100
# Sustained middle-register notes (phrase: A3..D5, 0.8 s each) -> a third corner.
"$X" add "$ds" -q --audio "$sax/phrase.wav" --from 0.2 --to 5.6 --each-frame --out -2.5,2.5,0.5,1000
"$X" list "$ds" | sed -n 1p

"$X" train "$ds" -o "$out/sax.model.json" --hidden 6,6 --epochs 1000 --seed 1
"$X" export "$out/sax.model.json" --flucoma -o "$out/sax.flucoma.json"
"$X" predict "$out/sax.model.json" --audio "$sax/mixed.wav" --smooth 0.25 -o "$out/mixed.control.json"

# Where the path is during each part of the mixed take.
python3 - "$out/mixed.control.json" <<'PY'
import json, sys
frames = json.load(open(sys.argv[1]))["frames"]
parts = [("long notes D4 F4 A4", 0.2, 2.8), ("fast run D5..D4", 2.9, 4.45), ("long note C4", 4.6, 5.4)]
print(f"{'passage of mixed.wav':24} {'x':>6} {'y':>6} {'noise':>6} {'ramp_ms':>8}")
for name, a, b in parts:
    sel = [f for f in frames if a <= f["t"] <= b]
    mean = {k: sum(f[k] for f in sel) / len(sel) for k in ("x", "y", "noise", "ramp_ms")}
    print(f"{name:24} {mean['x']:6.2f} {mean['y']:6.2f} {mean['noise']:6.2f} {mean['ramp_ms']:8.0f}")
PY
echo "wrote $out/mixed.control.json (latentwalk.control; lw-rhythm follows it)"
