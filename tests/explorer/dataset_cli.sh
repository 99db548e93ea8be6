# Dataset subcommands on real takes: add (audio passage mean, each frame,
# features file, by hand), list, remove, clear; every change atomic, a
# malformed dataset refused and left as it was.
sax=$LW_TESTDATA/sax
X=lw-train-explorer

# A passage mean from audio creates the dataset with the ten explorer inputs.
expect_status 0 $X add ds.json --audio "$sax/low_slow.wav" --from 0.2 --to 4 --out -2.5,-2.5,0.1,2000
expect_stderr "created ds.json; added pair 1"
/usr/bin/python3 - "$sax/low_slow.wav" <<'PY' || fail "dataset content"
import hashlib, json, sys
d = json.load(open("ds.json"))
assert d["format"] == "latentwalk.explorer-dataset" and d["version"] == 1
assert d["inputs"] == ["ambitus", "density", "loudness", "centroid", "spread", "skewness",
                       "kurtosis", "rolloff", "flatness", "crest"], d["inputs"]
assert [(o["name"], o["min"], o["max"]) for o in d["outputs"]] == [
    ("x", -3, 3), ("y", -3, 3), ("noise", 0, 2), ("ramp_ms", 0, 10000)]
p = d["pairs"][0]
assert p["id"] == 1 and p["out"] == [-2.5, -2.5, 0.1, 2000]
assert p["source"]["kind"] == "audio" and p["source"]["range"] == [0.2, 4]
assert p["source"]["sha256"] == hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()
# low, slow notes: D3 F3 E3 -> ambitus of at most 3 semitones, density well below 2 onsets/s
assert 0 <= p["in"][0] <= 4, p["in"]
assert p["in"][1] < 2, p["in"]
PY

# Every frame of a passage: one pair per frame, times within the passage.
expect_status 0 $X add ds.json --audio "$sax/high_fast.wav" --from 1 --to 1.5 --each-frame --out 2.5,2.5,1,100 --json
expect_stdout '"added"'
n=$(/usr/bin/python3 -c "
import json; d = json.load(open('ds.json')); ps = d['pairs'][1:]
assert all(1 <= p['source']['range'][0] <= 1.5 for p in ps)
print(len(ps))")
# hop 512 at 44.1 kHz: 0.5 s holds 43 frames
[ "$n" = 43 ] || fail "expected 43 frame pairs, got $n"

# By hand, and from a features file (latentwalk.features JSON written here).
expect_status 0 $X add ds.json --in 5,3,-20,1500,1200,1,4,3000,-30,10 --out 0,0,0,0
cat > f.json <<'JSON'
{"format":"latentwalk.features","version":1,"source":"hand","sample_rate":100,"hop":10,"window":20,
 "features":[{"name":"ambitus","unit":"semitones"},{"name":"density","unit":"1/s"},{"name":"loudness","unit":"dBFS"},
  {"name":"centroid","unit":"Hz"},{"name":"spread","unit":"Hz"},{"name":"skewness","unit":""},
  {"name":"kurtosis","unit":""},{"name":"rolloff","unit":"Hz"},{"name":"flatness","unit":"dB"},{"name":"crest","unit":"dB"}],
 "times":[0,0.1,0.2],
 "frames":[[1,2,-30,1000,900,1,3,2000,-40,20],[3,2,-20,1400,900,1,3,2000,-40,20],[5,2,-10,1800,900,1,3,2000,-40,20]]}
JSON
expect_status 0 $X add ds.json --features f.json --from 0.05 --out 1,-1,0.5,500
/usr/bin/python3 -c "
import json; p = json.load(open('ds.json'))['pairs'][-1]
assert p['in'][:4] == [4, 2, -15, 1600], p['in']   # mean of frames at 0.1 and 0.2
assert p['source']['kind'] == 'features'" || fail "features mean"

# list
expect_status 0 $X list ds.json
expect_stdout "46 pairs"
expect_stdout "^1	-2.5	-2.5	0.1	2000	.*low_slow.wav 0.200..4.000 s"
expect_status 0 $X list ds.json --json
cmp -s "$LW_TMP/last.out" ds.json || fail "list --json is not the dataset"
expect_status 0 $X list ds.json -q   # -q is accepted everywhere (a no-op for list)
expect_stdout "46 pairs"

# remove: ids are not reused; an unknown id removes nothing.
expect_status 0 $X remove ds.json 2 --json
/usr/bin/python3 -c "
import json; d = json.load(open('last.out'))
assert d == {'removed': [2], 'pairs': 45}, d" || fail "remove --json"
[ ! -s last.err ] || fail "remove --json printed the note on stderr"
expect_status 0 $X remove ds.json 3
before=$(sha256sum ds.json)
expect_status 2 $X remove ds.json 4 999
expect_stderr "no pair with id 999"
[ "$(sha256sum ds.json)" = "$before" ] || fail "a failed remove changed the dataset"
expect_status 0 $X add ds.json --in 5,3,-20,1500,1200,1,4,3000,-30,10 --out 0,0,0,0 --json
expect_stdout '^  47$'

# Bad additions leave the dataset as it was.
expect_status 2 $X add ds.json --in 1,2,3 --out 0,0,0,0
expect_stderr "expected 10 comma-separated numbers"
expect_status 2 $X add ds.json --in 1,2,3,4,5,6,7,8,9,nan --out 0,0,0,0
expect_stderr "not a finite number"
expect_status 2 $X add ds.json --in 1,2,3,4,5,6,7,8,9,10 --out 4,0,0,0
expect_stderr "ds.json: pair: output 'x' = 4 is outside its range -3..3"
expect_status 2 $X add ds.json --audio "$sax/low_slow.wav" --from 30 --to 40 --out 0,0,0,0
expect_stderr "no feature frame lies in the passage"
expect_status 2 $X add ds.json --audio missing.wav --out 0,0,0,0
expect_status 2 $X add ds.json --in 1,2,3,4,5,6,7,8,9,10 --x-range -1,1 --out 0,0,0,0
expect_stderr "ranges are fixed"
expect_status 2 $X add ds.json --audio "$sax/low_slow.wav" --in 1,2,3,4,5,6,7,8,9,10 --out 0,0,0,0
[ "$(/usr/bin/python3 -c "import json; print(len(json.load(open('ds.json'))['pairs']))")" = 45 ] || fail "pair count changed"

# clear asks for --yes; then keeps inputs, outputs and next_id.
expect_status 2 $X clear ds.json
expect_stderr "add --yes"
expect_status 0 $X clear ds.json --yes -q
/usr/bin/python3 -c "
import json; d = json.load(open('ds.json'))
assert d['pairs'] == [] and d['next_id'] == 48 and len(d['inputs']) == 10" || fail "clear"

# A malformed dataset is refused by every subcommand and never rewritten.
head -c 300 ds.json > broken.json
cp broken.json broken.orig
for cmd in "list broken.json" "remove broken.json 1" "clear broken.json --yes" \
           "add broken.json --in 1,2,3,4,5,6,7,8,9,10 --out 0,0,0,0" "train broken.json -o m.json"; do
  expect_status 2 $X $cmd
  expect_stderr "broken.json:[0-9]+: column [0-9]+: not valid JSON"
  cmp -s broken.json broken.orig || fail "$cmd rewrote a malformed dataset"
done
sed 's/"next_id": 48/"next_id": "x"/' ds.json > badid.json
expect_status 2 $X list badid.json
expect_stderr "badid.json: \"next_id\" must be a positive integer"
expect_no_file m.json

# A subset of inputs and other ranges, chosen at creation.
expect_status 0 $X add small.json --inputs loudness,centroid --x-range -1,1 --in -20,800 --out 1,0,0,0
expect_status 0 $X add small.json --audio "$sax/phrase.wav" --out -1,0,0,0
/usr/bin/python3 -c "
import json; d = json.load(open('small.json'))
assert d['inputs'] == ['loudness', 'centroid'] and d['outputs'][0]['min'] == -1
assert len(d['pairs'][1]['in']) == 2" || fail "inputs subset"
expect_status 2 $X add small.json --inputs loudness --in -20 --out 0,0,0,0
expect_stderr "inputs are fixed"
