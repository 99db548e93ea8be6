# The Latent Space Explorer's own model (testdata/lse/TestModel.json, written
# by fluid.mlpregressor~ in the device; MIT, see testdata/README.md) driven by
# the device's input vector: `predict --preset lse --audio` equals, to 1e-6, a
# NumPy forward pass of TestModel.json on the vectors `lw-features extract
# --preset lse` writes, mapped onto the device's ranges (x, y 0..127, noise
# 0..2, ramp 0..5000 ms), for several takes; and its outputs move with the
# playing (without the preset every frame gave the same output).
model=$LW_TESTDATA/lse/TestModel.json
for take in mixed run140 leaps legato; do
  lw-features extract --preset lse "$LW_TESTDATA/sax/$take.wav" -q -o "$take.lse.csv"
  lw-train-explorer predict "$model" --preset lse --audio "$LW_TESTDATA/sax/$take.wav" -q -o "$take.control.json"
  /usr/bin/python3 - "$model" "$take.lse.csv" "$take.control.json" "$take" <<'PY' || fail "$take"
import json, sys
import numpy as np
model, feats, control, take = sys.argv[1:5]
m = json.load(open(model))
rows = [l for l in open(feats) if not l.startswith("#")]
head = rows[0].strip().split(",")
assert head == ["time", "ambitus", "density", "loudness", "centroid", "spread", "skewness", "kurtosis",
                "rolloff", "flatness", "crest"], head
X = np.array([[float(v) for v in r.split(",")] for r in rows[1:]])
t, X = X[:, 0], X[:, 1:]
for layer in m["layers"]:  # fluid.mlpregressor~: y = act(x W + b), activation 1 = sigmoid
    W = np.array(layer["weights"], dtype=float)
    assert W.shape == (layer["rows"], layer["cols"])
    assert layer["activation"] == 1
    X = 1.0 / (1.0 + np.exp(-(X @ W + np.array(layer["biases"]))))
want = X * np.array([127.0, 127.0, 2.0, 5000.0])
c = json.load(open(control))
got = np.array([[f["x"], f["y"], f["noise"], f["ramp_ms"]] for f in c["frames"]])
tt = np.array([f["t"] for f in c["frames"]])
assert got.shape == want.shape, (got.shape, want.shape)
assert np.allclose(tt, t, atol=1e-9)
err = np.abs(got - want) / np.maximum(1.0, np.abs(want))
assert err.max() <= 1e-6, err.max()
# It moves: x and y sweep a good part of their range over the take.
span = got.max(axis=0) - got.min(axis=0)
assert span[0] > 10 and span[1] > 5, span
print(f"{take}: {len(got)} frames, max rel err {err.max():.2e}, x span {span[0]:.1f}, y span {span[1]:.1f}")
PY
done
# Different playing, different paths: mean x of run140 vs leaps differ
/usr/bin/python3 - <<'PY' || fail "paths of different takes"
import json
mx = {k: sum(f["x"] for f in json.load(open(k + ".control.json"))["frames"]) / len(json.load(open(k + ".control.json"))["frames"])
      for k in ("run140", "leaps", "legato")}
assert max(mx.values()) - min(mx.values()) > 3, mx
print(mx)
PY
# The default preset still treats it as a bare model with unit outputs; asking
# for another preset than the model's is refused for a model that records one.
expect_status 0 lw-train-explorer predict "$model" --audio "$LW_TESTDATA/sax/mixed.wav" -q -o plain.json
