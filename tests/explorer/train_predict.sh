# Training and prediction through the tool: same seed and threads -> same
# bytes; low slow notes and fast high notes land in their corners; a control
# path comes out at the feature hop rate; bad models and inputs exit 2.
sax=$LW_TESTDATA/sax
X=lw-train-explorer

expect_status 0 $X add ds.json -q --audio "$sax/low_slow.wav" --each-frame --out -2.5,-2.5,0.1,3000
expect_status 0 $X add ds.json -q --audio "$sax/high_fast.wav" --each-frame --out 2.5,2.5,1.5,100

# An empty dataset is a clear error and writes no model.
expect_status 0 $X add empty.json -q --in 1,2,3,4,5,6,7,8,9,10 --out 0,0,0,0
expect_status 0 $X remove empty.json -q 1
expect_status 2 $X train empty.json -o none.json
expect_stderr "the dataset has no pairs"
expect_no_file none.json

expect_status 0 $X train ds.json -o a.json --epochs 200 --seed 7 --json
expect_stdout '"validation_loss"'
vloss=$(/usr/bin/python3 -c "import json; print(json.load(open('$LW_TMP/last.out'))['validation_loss'])")
approx "$vloss" 0 0.02
expect_status 0 $X train ds.json -o b.json --epochs 200 --seed 7 -q
cmp a.json b.json || fail "same seed and threads gave different model bytes"
expect_status 0 $X train ds.json -o c.json --epochs 200 --seed 8 -q
cmp -s a.json c.json && fail "another seed gave the same model"
expect_status 0 $X train ds.json -o t2.json --epochs 200 --seed 7 --threads 2 -q
/usr/bin/python3 -c "
import json; m = json.load(open('a.json'))
assert m['format'] == 'latentwalk.explorer-model' and len(m['layers']) == 3
assert [l['rows'] for l in m['layers']] == [10, 3, 3] and [l['cols'] for l in m['layers']] == [3, 3, 4]
assert [l['activation'] for l in m['layers']] == [1, 1, 0]
assert m['training']['epochs'] == 200 and m['training']['seed'] == 7" || fail "model layout"

# --continue trains the same model further, like pressing train again.
cp a.json more.json
expect_status 0 $X train ds.json -o more.json --epochs 100 --seed 7 --continue --json
/usr/bin/python3 -c "
import json; a = json.load(open('a.json')); m = json.load(open('more.json'))
assert m['training']['epochs'] == 300
assert m['inputs'] == a['inputs']
assert m['training']['train_loss'] <= a['training']['train_loss'] * 1.05" || fail "--continue"
expect_status 2 $X train ds.json -o nothing.json --continue
expect_stderr "no model 'nothing.json' to continue"
expect_status 2 $X train ds.json -o ds.json
expect_stderr "refusing to overwrite"
expect_status 2 $X train ds.json -o - --json   # the model and the summary would share stdout
expect_stderr "--json and -o - both write to stdout"
[ ! -s last.out ] || fail "train -o - --json wrote to stdout"

# Prediction from a third take: a control path at the hop rate.
expect_status 0 $X predict a.json --audio "$sax/mixed.wav" -o path.json
/usr/bin/python3 - <<'PY' || fail "control path"
import json
p = json.load(open("path.json"))
assert p["format"] == "latentwalk.control" and p["version"] == 1
assert abs(p["rate_hz"] - 44100 / 512) < 1e-9, p["rate_hz"]
f = p["frames"]
assert abs(f[1]["t"] - f[0]["t"] - 512 / 44100) < 1e-9
assert 5.5 < f[-1]["t"] < 6.5, f[-1]["t"]
for k, lo, hi in (("x", -3, 3), ("y", -3, 3), ("noise", 0, 2), ("ramp_ms", 0, 10000)):
    assert all(lo <= fr[k] <= hi for fr in f), k
PY
# The trained corners: a low slow frame near (-2.5, -2.5), a fast high one near (2.5, 2.5).
low=$(/usr/bin/python3 -c "import json; print(','.join(map(repr, json.load(open('ds.json'))['pairs'][40]['in'])))")
high=$(/usr/bin/python3 -c "import json; print(','.join(map(repr, json.load(open('ds.json'))['pairs'][-20]['in'])))")
expect_status 0 $X predict a.json --vector "$low" --json
/usr/bin/python3 -c "import json; y = json.load(open('$LW_TMP/last.out')); assert y['x'] < -1.5 and y['y'] < -1.5, y" ||
  fail "low slow frame not in its corner"
expect_status 0 $X predict a.json --vector "$high" --json
/usr/bin/python3 -c "import json; y = json.load(open('$LW_TMP/last.out')); assert y['x'] > 1.5 and y['y'] > 1.5 and y['ramp_ms'] < 2000, y" ||
  fail "fast high frame not in its corner"

# Smoothing: same frames, smaller frame-to-frame steps.
expect_status 0 $X predict a.json --audio "$sax/mixed.wav" --smooth 0.5 -o smooth.json
/usr/bin/python3 - <<'PY' || fail "--smooth"
import json
a = json.load(open("path.json"))["frames"]; b = json.load(open("smooth.json"))["frames"]
assert len(a) == len(b) and all(p["t"] == q["t"] for p, q in zip(a, b))
step = lambda f: sum(abs(f[i + 1]["x"] - f[i]["x"]) for i in range(len(f) - 1))
assert step(b) < 0.5 * step(a), (step(a), step(b))
PY

# One or two threads: the same weights (the files differ only in the recorded thread count).
/usr/bin/python3 -c "
import json; a, b = (json.load(open(f)) for f in ('a.json', 't2.json'))
assert a['layers'] == b['layers'] and b['training']['threads'] == 2" || fail "2 threads changed the weights"

# Prediction from lw-features' output is the prediction from the audio.
expect_status 0 lw-features extract "$sax/mixed.wav" -o mixed.features.json -q
expect_status 0 $X predict a.json --features mixed.features.json -o fpath.json
/usr/bin/python3 -c "
import json; a, b = (json.load(open(f)) for f in ('path.json', 'fpath.json'))
assert a['frames'] == b['frames'] and a['rate_hz'] == b['rate_hz']" || fail "features file and audio disagree"
# ... and lw-features' CSV too.
expect_status 0 lw-features extract "$sax/mixed.wav" -o mixed.features.csv -q
expect_status 0 $X predict a.json --features mixed.features.csv -o cpath.json
/usr/bin/python3 -c "
import json; a, b = (json.load(open(f)) for f in ('path.json', 'cpath.json'))
assert a['frames'] == b['frames']" || fail "features CSV and audio disagree"
# A features file without the model's inputs is refused.
expect_status 0 lw-features extract "$sax/mixed.wav" --select loudness,centroid -o two.json -q
expect_status 2 $X predict a.json --features two.json -o none.json
expect_stderr "two.json: has no feature 'ambitus'"
expect_no_file none.json
