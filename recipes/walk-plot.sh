#!/usr/bin/env bash
# A walk from landmark to landmark of experience 2 (slow near them, fast
# between), its figures, and its picture: SVG, plus a PNG when rsvg-convert
# is installed.
#
# Usage: recipes/walk-plot.sh [OUTDIR] [SEED]   (defaults: ./walk-plot, 3)
# Tools from PATH, or from ${LW_BIN:-build/bin}.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-walk-plot}
seed=${2:-3}
bin=${LW_BIN:-$here/build/bin}
if command -v lw-walk >/dev/null; then W=lw-walk; else W=$bin/lw-walk; fi
scene=$here/testdata/scenes/experience2-landmarks.yaml
mkdir -p "$out"

"$W" generate visit --scene "$scene" --seed "$seed" --duration 90 -o "$out/visit.json" -q
"$W" validate "$out/visit.json"
"$W" info "$out/visit.json" --scene "$scene"
"$W" plot "$out/visit.json" --scene "$scene" --title "visit walk, experience 2 (seed $seed)" -o "$out/visit.svg" -q
if command -v rsvg-convert >/dev/null; then
  rsvg-convert "$out/visit.svg" -o "$out/visit.png"
  echo "picture: $out/visit.png"
else
  echo "picture: $out/visit.svg"
fi
