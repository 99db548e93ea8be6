# recipes/lse-device.sh end to end: the device's two FluCoMa datasets ->
# dataset -> the device's network -> a bare model in the layout
# fluid.mlpregressor~ reads (10 -> 3 -> 4, sigmoid), datasets back in the
# layout fluid.dataset~ reads with the same ids, and a path that moves with
# the playing in the device's ranges.
LW_LSE_EPOCHS=3000 bash "$LW_SOURCE_DIR/recipes/lse-device.sh" out > recipe.out
cat recipe.out
/usr/bin/python3 - <<'PY' || fail "lse recipe outputs"
import json
m = json.load(open("out/LSE-model.json"))
assert set(m) == {"layers"}, set(m)
assert [(l["rows"], l["cols"], l["activation"]) for l in m["layers"]] == [(10, 3, 1), (3, 4, 1)]
for l in m["layers"]:
    assert len(l["weights"]) == l["rows"] and all(len(r) == l["cols"] for r in l["weights"])
    assert len(l["biases"]) == l["cols"]
a, b = json.load(open("out/device_input_data.json")), json.load(open("out/input_data.json"))
assert a["cols"] == b["cols"] == 10 and set(a["data"]) == set(b["data"]) and len(a["data"]) == 16
p = json.load(open("out/params_data.json"))
assert p["cols"] == 4 and all(0 <= v <= 1 for r in p["data"].values() for v in r)
f = json.load(open("out/mixed.control.json"))["frames"]
mean = lambda a, b, k: sum(x[k] for x in f if a <= x["t"] <= b) / sum(1 for x in f if a <= x["t"] <= b)
assert all(0 <= x["x"] <= 127 and 0 <= x["y"] <= 127 for x in f)
assert mean(2.9, 4.45, "x") - mean(0.2, 2.8, "x") > 15, (mean(2.9, 4.45, "x"), mean(0.2, 2.8, "x"))
PY
