# The recipe recipes/explorer-sax.sh runs end to end, and the path it predicts
# for the mixed take follows the musical material: the fast run leans toward
# the fast-high corner (x > 0), the long notes around it do not.
bash "$LW_SOURCE_DIR/recipes/explorer-sax.sh" out > recipe.out
cat recipe.out
for f in sax.dataset.json sax.model.json sax.flucoma.json mixed.control.json; do
  [ -s "out/$f" ] || fail "recipe did not write $f"
done
/usr/bin/python3 - <<'PY' || fail "path does not follow the take"
import json
f = json.load(open("out/mixed.control.json"))["frames"]
mean = lambda a, b, k: sum(x[k] for x in f if a <= x["t"] <= b) / sum(1 for x in f if a <= x["t"] <= b)
run, longs = mean(2.9, 4.45, "x"), mean(0.2, 2.8, "x")
assert run > 0 and longs < 0, (run, longs)
assert mean(2.9, 4.45, "ramp_ms") < mean(0.2, 2.8, "ramp_ms")   # faster transitions while playing fast
PY
