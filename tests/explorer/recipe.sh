# The recipe recipes/explorer-sax.sh runs end to end, and the path it predicts
# for the mixed take follows the musical material: the fast run leans toward
# the fast-high corner (x well above the long notes' x) with faster ramps, for
# the recipe's seed and two more.
bash "$LW_SOURCE_DIR/recipes/explorer-sax.sh" out > recipe.out
cat recipe.out
for f in sax.dataset.json sax.model.json sax.flucoma.json mixed.control.json; do
  [ -s "out/$f" ] || fail "recipe did not write $f"
done
for seed in 2 3; do
  lw-train-explorer train out/sax.dataset.json -o out/m$seed.json --hidden 6,6 --epochs 1000 --seed $seed -q
  lw-train-explorer predict out/m$seed.json --audio "$LW_TESTDATA/sax/mixed.wav" --smooth 0.25 -q -o out/c$seed.json
done
for c in out/mixed.control.json out/c2.json out/c3.json; do
/usr/bin/python3 - "$c" <<'PY' || fail "path does not follow the take ($c)"
import json, sys
f = json.load(open(sys.argv[1]))["frames"]
mean = lambda a, b, k: sum(x[k] for x in f if a <= x["t"] <= b) / sum(1 for x in f if a <= x["t"] <= b)
run, longs = mean(2.9, 4.45, "x"), mean(0.2, 2.8, "x")
assert run - longs > 0.8 and longs < 0, (run, longs)
assert mean(2.9, 4.45, "ramp_ms") < mean(0.2, 2.8, "ramp_ms")   # faster transitions while playing fast
PY
done
