# Presets and feature settings are stored in features files, datasets and
# models; what was made with one preset (or other settings) is refused, with
# a message naming the file, by a dataset or model of another.
X=lw-train-explorer
sax=$LW_TESTDATA/sax
lw-features extract "$sax/low_slow.wav" -q -o ours.json
lw-features extract --preset lse "$sax/low_slow.wav" -q -o lse.csv
lw-features extract --preset lse --lse-ramp 100 "$sax/low_slow.wav" -q -o lse100.json
grep -q '"preset": "latentwalk"' ours.json || fail "no preset in ours.json"
grep -q '^# preset=lse settings={"channel":-1,"ramp_ms":500,"sensitivity_db":-35' lse.csv || fail "no preset in lse.csv"

# An lse dataset: the device's ranges by default, pairs from audio and features
expect_status 0 $X add d.json --preset lse --audio "$sax/high_fast.wav" --out 120,10,0.5,800 -q
expect_status 0 $X add d.json --features lse.csv --out 5,100,1,200 -q
/usr/bin/python3 - <<'PY' || fail "dataset preset"
import json
d = json.load(open("d.json"))
assert d["features"]["preset"] == "lse" and d["features"]["settings"]["ramp_ms"] == 500, d["features"]
assert [(o["min"], o["max"]) for o in d["outputs"]] == [(0, 127), (0, 127), (0, 2), (0, 5000)]
PY
# ... refuses our features, other device settings, another preset
expect_status 2 $X add d.json --features ours.json --out 1,1,1,1
expect_stderr "ours.json.*--preset latentwalk"
expect_status 2 $X add d.json --features lse100.json --out 1,1,1,1
expect_stderr "lse100.json.*settings"
expect_status 2 $X add d.json --audio "$sax/mixed.wav" --lse-ramp 100 --out 1,1,1,1
expect_stderr "settings"
expect_status 2 $X add d.json --preset latentwalk --audio "$sax/mixed.wav" --out 1,1,1,1
expect_stderr "one preset"
expect_status 2 $X train d.json --preset latentwalk -o m.json
expect_no_file m.json
[ "$(/usr/bin/python3 -c 'import json; print(len(json.load(open("d.json"))["pairs"]))')" = 2 ] || fail "pairs changed"

# A model remembers the preset; predict follows it and refuses the others
expect_status 0 $X train d.json --preset lse --epochs 50 -o m.json -q
grep -q '"preset":"lse"\|"preset": "lse"' m.json || fail "no preset in the model"
expect_status 0 $X predict m.json --audio "$sax/mixed.wav" -q -o path.json
expect_status 0 $X predict m.json --features lse.csv -q -o path2.json
expect_status 2 $X predict m.json --features ours.json -o p3.json
expect_stderr "ours.json.*--preset latentwalk"
expect_no_file p3.json
expect_status 2 $X predict m.json --preset latentwalk --audio "$sax/mixed.wav" -o p4.json
expect_stderr "trained on --preset lse"
expect_status 2 $X predict m.json --lse-ramp 100 --audio "$sax/mixed.wav" -o p5.json
expect_stderr "settings"
expect_no_file p4.json p5.json

# Our own preset: a latentwalk model refuses lse features
expect_status 0 $X add o.json --features ours.json --out 1,1,1,1 -q
expect_status 0 $X add o.json --audio "$sax/high_fast.wav" --out -1,-1,0,100 -q
expect_status 0 $X train o.json --epochs 20 -o om.json -q
expect_status 2 $X predict om.json --features lse.csv -o p6.json
expect_stderr "lse.csv.*--preset lse"
expect_status 2 $X add o.json --preset lse --audio "$sax/mixed.wav" --out 1,1,1,1
expect_stderr "one preset"
# and --preset lse refuses options that are not the device's
expect_status 2 lw-features extract --preset lse "$sax/mixed.wav" --hop 256 -o x.csv
expect_stderr "does not apply"
expect_status 2 lw-features extract "$sax/mixed.wav" --lse-ramp 100 -o x.csv
expect_no_file x.csv

# Header claiming 100,000,000 Hz: exit 2 naming the file (issue 14), both presets
/usr/bin/python3 - "$sax/phrase.wav" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read()); i = b.index(b"fmt ")
struct.pack_into("<I", b, i + 12, 100000000); struct.pack_into("<I", b, i + 16, 200000000)
open("fast.wav", "wb").write(b)
PY
for p in latentwalk lse; do
  expect_status 2 lw-features extract --preset $p fast.wav -o f.csv
  expect_stderr "fast.wav.*100000000 Hz"
  expect_status 2 $X predict "$LW_TESTDATA/lse/TestModel.json" --preset $p --audio fast.wav -o f.json
  expect_stderr "fast.wav"
  expect_no_file f.csv f.json
done
