# FluCoMa DataSet JSON both ways. A hand-made pair of datasets in the layout
# fluid.dataset~ writes (the LSE's input_data and params_data: "point-N" ids,
# tab indentation, keys in any order) imports; the export is read back by the
# rules of flucoma-core's FluidJSON.hpp (check_json: "data" an object and
# "cols" a number; from_json: each point an array of numbers); ids,
# provenance and values survive; a model trained with --preset lse works from
# its bare layers, as fluid.mlpregressor~ reads them.
X=lw-train-explorer
/usr/bin/python3 - <<'PY'
import json, random
r = random.Random(10)
ids = [f"point-{i}" for i in range(1, 13)]
order = ids[:]; r.shuffle(order)
ins = {i: [round(r.random(), 6) for _ in range(10)] for i in ids}
outs = {i: [round(r.random(), 6) for _ in range(4)] for i in ids}
with open("input_data.json", "w") as f:
    f.write(json.dumps({"cols": 10, "data": {i: ins[i] for i in order}}, indent="\t"))
with open("params_data.json", "w") as f:
    f.write(json.dumps({"data": {i: outs[i] for i in reversed(order)}, "cols": 4}, indent="\t"))
json.dump({"in": ins, "out": outs}, open("truth.json", "w"))
PY
expect_status 0 $X import-flucoma lse.json --inputs-json input_data.json --outputs-json params_data.json -q
$X list lse.json --json > listed.json
/usr/bin/python3 - <<'PY' || fail "imported dataset"
import json
d = json.load(open("listed.json")); t = json.load(open("truth.json"))
assert d["features"]["preset"] == "lse", d.get("features")
assert [o["name"] for o in d["outputs"]] == ["x", "y", "noise", "ramp_ms"]
assert [(o["min"], o["max"]) for o in d["outputs"]] == [(0, 127), (0, 127), (0, 2), (0, 5000)]
ids = [p["source"]["flucoma_id"] for p in d["pairs"]]
assert ids == [f"point-{i}" for i in range(1, 13)], ids   # the device's order, not the keys' order
for p in d["pairs"]:
    i = p["source"]["flucoma_id"]
    assert p["source"]["kind"] == "flucoma" and p["source"]["file"] == "input_data.json"
    assert p["source"]["outputs_file"] == "params_data.json" and len(p["source"]["outputs_sha256"]) == 64
    assert all(abs(a - b) < 1e-12 for a, b in zip(p["in"], t["in"][i]))
    scale = [127, 127, 2, 5000]
    assert all(abs(a - b * s) < 1e-9 for a, b, s in zip(p["out"], t["out"][i], scale))
PY

# Export, and read the files back by FluidJSON.hpp's rules
expect_status 0 $X export-flucoma lse.json --inputs-json in2.json --outputs-json out2.json
/usr/bin/python3 - <<'PY' || fail "export read by FluCoMa's rules"
import json, numbers
t = json.load(open("truth.json"))
def fluid_read(path):
    j = json.load(open(path))
    # check_json(j, {"data", "cols"}, {OBJECT, NUMBER}); values must not be null
    assert isinstance(j, dict) and isinstance(j.get("data"), dict) and isinstance(j.get("cols"), numbers.Number)
    cols = int(j["cols"])
    out = {}
    for k, row in j["data"].items():   # from_json: a tensor of `cols` numbers per id
        assert isinstance(row, list) and len(row) >= cols and all(isinstance(v, numbers.Number) for v in row)
        out[k] = row[:cols]
    return cols, out
ci, ins = fluid_read("in2.json"); co, outs = fluid_read("out2.json")
assert (ci, co) == (10, 4)
assert set(ins) == set(outs) == set(t["in"])
for k in ins:
    assert all(abs(a - b) < 1e-12 for a, b in zip(ins[k], t["in"][k]))
    assert all(abs(a - b) < 1e-12 for a, b in zip(outs[k], t["out"][k]))
PY
# ... and it imports again to the same pairs
expect_status 0 $X import-flucoma again.json --inputs-json in2.json --outputs-json out2.json -q
/usr/bin/python3 - <<'PY' || fail "round trip"
import json
a = json.load(open("lse.json"))["pairs"]; b = json.load(open("again.json"))["pairs"]
assert [(p["in"], p["source"]["flucoma_id"]) for p in a] == [(p["in"], p["source"]["flucoma_id"]) for p in b]
assert all(max(abs(x - y) for x, y in zip(p["out"], q["out"])) < 1e-9 for p, q in zip(a, b))
PY

# Train the device's network on it; the bare layers (what fluid.mlpregressor~
# reads) map a vector to the same 0..1 outputs the tool maps onto the ranges.
expect_status 0 $X train lse.json --preset lse --epochs 300 --seed 3 -o model.json -q
expect_status 0 $X export model.json --flucoma -o bare.json
v=0.2,0.0625,0.1,0.3,0.2,0.4,0.05,0.2,0.45,0.35
ours=$($X predict model.json --vector $v)
/usr/bin/python3 - "$ours" "$v" <<'PY' || fail "lse model layers: $ours"
import json, sys
import numpy as np
m = json.load(open("model.json")); b = json.load(open("bare.json"))
assert [(l["rows"], l["cols"], l["activation"]) for l in b["layers"]] == [(10, 3, 1), (3, 4, 1)]
assert m["features"]["preset"] == "lse"
assert all((c["min"], c["max"]) == (0, 1) for c in m["inputs"])
x = np.array([float(s) for s in sys.argv[2].split(",")])
for l in b["layers"]:
    x = 1 / (1 + np.exp(-(x @ np.array(l["weights"]) + np.array(l["biases"]))))
ours = np.array([float(s) for s in sys.argv[1].split(",")])
assert np.allclose(ours, x * [127, 127, 2, 5000], rtol=1e-9, atol=1e-9), (ours, x)
PY
# same seed, same model
expect_status 0 $X train lse.json --preset lse --epochs 300 --seed 3 -o model2.json -q
cmp -s <(/usr/bin/python3 -c 'import json,sys; print(json.load(open("model.json"))["layers"])') \
       <(/usr/bin/python3 -c 'import json,sys; print(json.load(open("model2.json"))["layers"])') || fail "not reproducible"

# Bad FluCoMa files: exit 2 naming the file and the point, nothing written
/usr/bin/python3 - <<'PY'
import json
d = json.load(open("input_data.json"))
d2 = dict(d); d2["data"] = dict(d["data"]); d2["data"]["point-3"] = d["data"]["point-3"][:9]
json.dump(d2, open("short_row.json", "w"))
json.dump({"data": d["data"]}, open("no_cols.json", "w"))
o = json.load(open("params_data.json")); del o["data"]["point-7"]
json.dump(o, open("missing.json", "w"))
PY
expect_status 2 $X import-flucoma bad1.json --inputs-json short_row.json --outputs-json params_data.json
expect_stderr "point-3"
expect_no_file bad1.json
expect_status 2 $X import-flucoma bad2.json --inputs-json no_cols.json --outputs-json params_data.json
expect_stderr "cols"
expect_status 2 $X import-flucoma bad3.json --inputs-json input_data.json --outputs-json missing.json
expect_stderr "point-7"
expect_no_file bad3.json
expect_status 2 $X import-flucoma lse.json --inputs-json input_data.json --outputs-json params_data.json
expect_stderr "exists"
expect_status 2 $X train lse.json -o x.json --preset lse --hidden 5
expect_stderr "does not apply"
