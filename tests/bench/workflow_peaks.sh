#!/usr/bin/env bash
# Peak resident memory and wall time of each workflow rule's tool call, on
# the repository's test data (the figures behind workflow/config.yaml's
# mem_mb), and of a render through a RAVE-sized model (make_rave_sized_model.py,
# about 30 M parameters) for the `render` entry with real models. Prints a
# table; builds nothing.
# Usage: tests/bench/workflow_peaks.sh [BUILD_DIR]   (default: build)
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
B=$(cd "${1:-build}/bin" && pwd)
[ -x "$B/lw-render" ] || { echo "no $B/lw-render (build the tools first)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
T=$src/testdata
printf '%-16s %10s %8s  %s\n' rule peak_MB wall_s command
m() {  # m RULE CMD...: one run under /usr/bin/time
  local rule=$1; shift
  /usr/bin/time -f '%M %e' -o t.txt "$@" >/dev/null 2>err.txt || { cat err.txt >&2; exit 1; }
  read -r kb s <t.txt
  printf '%-16s %10.1f %8s  %s\n' "$rule" "$(awk -v k="$kb" 'BEGIN { print k / 1024 }')" "$s" "$(basename "$1") $2"
}
m generate_walk "$B/lw-walk" generate visit --scene "$T/scenes/experience2-landmarks.yaml" --duration 60 -o w.json -q
m convert_walk "$B/lw-walk" convert "$T/walks/browser-stream.ndjson" --rate 10 -o b.json -q
m plot_walk "$B/lw-walk" plot w.json --scene "$T/scenes/experience2-landmarks.yaml" -o w.svg -q
m render "$B/lw-render" walk w.json --model builtin:voices --mapping "$T/mappings/soundwalk.yaml" \
  --scene "$T/scenes/experience2-landmarks.yaml" -o r.wav -q
m features "$B/lw-features" extract "$T/sax/phrase.wav" -o f.csv -q
m stats "$B/lw-features" stats "$T/sax/phrase.wav" --json -q
m plot_take "$B/lw-features" plot "$T/sax/phrase.wav" -o f.svg -q
m explorer_dataset "$B/lw-train-explorer" add d.json --audio "$T/sax/low_slow.wav" --each-frame --out -2.5,-2.5,0.1,3000 -q
"$B/lw-train-explorer" add d.json --audio "$T/sax/high_fast.wav" --each-frame --out 2.5,2.5,1.5,100 -q
m explorer_train "$B/lw-train-explorer" train d.json -o m.json --hidden 6,6 --epochs 1000 --seed 1 -q
m predict "$B/lw-train-explorer" predict m.json --audio "$T/sax/mixed.wav" --smooth 0.25 -o c.json -q
grooves=$(ls "$T"/midi/*.mid | grep -v no-drums)
# shellcheck disable=SC2086
m rhythm_train "$B/lw-rhythm" train $grooves -o g.lwr --epochs 300 --seed 1 --threads 2 -q
m drums "$B/lw-rhythm" generate g.lwr --path c.json --tempo 110 -o r.mid -q
m preview "$B/lw-rhythm" preview r.mid -o p.wav -q
/usr/bin/python3 "$src/tests/bench/make_rave_sized_model.py" rave.ts >/dev/null 2>&1
m render_rave "$B/lw-render" walk w.json --model rave.ts --mapping "$T/mappings/soundwalk.yaml" \
  --scene "$T/scenes/experience2-landmarks.yaml" -o rr.wav -q
echo "model file: $(du -m rave.ts | cut -f1) MB"
