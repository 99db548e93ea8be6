# Training on a dozen files that a musician can trust (issue 11), the short
# check: two seeds of the study (same options, 200 epochs) on testdata/midi train without NaN, with a bounded KL and
# both latent dimensions in use (`--check`); the original's unstabilised
# training is caught by `--check` (exit 1, the model still written). The
# whole seed study is tests/bench/lw-rhythm-seeds.sh. Also: the table and the
# progress bar never share a terminal line, map reports loops outside its
# range, and broken model files are refused naming the key or tensor.
cd "$LW_TMP"
files=()
for f in "$LW_TESTDATA"/midi/*.mid; do [ "$(basename "$f")" = no-drums.mid ] || files+=("$f"); done
for seed in 1 2; do
  lw-rhythm train "${files[@]}" --seed $seed --split-seed 1 --epochs 200 --threads 1 --check --json -q -o s$seed.lwr >s$seed.json \
    || fail "seed $seed: the latent space collapsed or training failed: $(cat s$seed.json | head -c 300)"
  /usr/bin/python3 - s$seed.json <<'PY' || fail "seed $seed: unstable training"
import json, math, sys
d = json.load(open(sys.argv[1]))
h = d["history"]
assert all(r["loss"] is not None and math.isfinite(r["loss"]) and r["kl"] is not None and math.isfinite(r["kl"]) for r in h), "non-finite epoch"
assert max(r["kl"] for r in h) < 100, "KL above 100: %g" % max(r["kl"] for r in h)
lc = d["metrics"]["latent_check"]
assert not lc["collapsed"] and all(x["spread"] > 0.5 and x["mean_logvar"] < -1 for x in lc["dims"]), lc
assert lc["variation_ratio"] <= 3, lc
PY
done
# The original's training (no stabilisers) on seed 2 collapses: --check says so.
expect_status 1 lw-rhythm train "${files[@]}" --seed 2 --epochs 20 --logvar-max 0 --clip 0 --warmup 0 --keep last --anchor 0 --check -q -o orig.lwr
expect_stderr 'latent space collapsed'
[ -s orig.lwr ] || fail "--check must still write the model"

# Table rows on a terminal never share a line with the progress bar.
script -qec "lw-rhythm train ${files[0]} ${files[1]} ${files[2]} --epochs 12 -o tty.lwr" /dev/null | tr '\r' '\n' >tty.txt
grep -Eq '^ +12 ' tty.txt || fail "no epoch rows on the terminal"
if grep -E 'train \[' tty.txt | grep -Eq '[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3}'; then fail "a table row shares the progress bar's line"; fi
# With the table in a file, the bar (on the terminal) and the rows stay apart.
script -qec "lw-rhythm train ${files[0]} ${files[1]} --epochs 5 -o tty2.lwr >table.txt" /dev/null >bar.txt
grep -q 'train \[' bar.txt || fail "no progress bar when the table goes to a file"
grep -q 'train \[' table.txt && fail "the progress bar landed in the table"
grep -Eq '^ +5 ' table.txt || fail "no table rows in the file"

# map: loops outside --range are counted; --range auto includes them all.
expect_status 0 lw-rhythm map s1.lwr -o narrow.svg --range 0.2 --grid 4 --json narrow.json
expect_stderr 'training loops lie outside --range 0.20'
grep -q '"loops_outside": 0' narrow.json && fail "no loop counted outside --range 0.2"
grep -q 'outside the range' narrow.svg || fail "the map does not say loops are outside"
lw-rhythm map s1.lwr -o auto.svg --range auto --grid 4 --json auto.json
grep -q '"loops_outside": 0' auto.json || fail "--range auto left loops out"

# Model files edited by hand: exit 2 naming the key or tensor.
edit() {  # edit IN OUT PYTHON-CODE (h: header dict, blob: bytearray of float32)
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import hashlib, json, struct, sys
b = open(sys.argv[1], "rb").read()
n = struct.unpack("<Q", b[8:16])[0]
h = json.loads(b[16:16 + n]); blob = bytearray(b[16 + n:])
exec(sys.argv[3])
h["weights_sha256"] = hashlib.sha256(blob).hexdigest()
t = json.dumps(h).encode()
open(sys.argv[2], "wb").write(b[:8] + struct.pack("<Q", len(t)) + t + bytes(blob))
PY
}
edit s1.lwr type.lwr 'h["representation"]["map"] = 3'
expect_status 2 lw-rhythm inspect type.lwr
expect_stderr "type.lwr: header key 'representation.map' must be a string"
edit s1.lwr type2.lwr 'h["training"]["epochs"] = "many"'
expect_status 2 lw-rhythm inspect type2.lwr
expect_stderr "type2.lwr: header key 'training.epochs' must be a number"
edit s1.lwr type3.lwr 'h["latents"][0]["z"] = ["a", 1]'
expect_status 2 lw-rhythm map type3.lwr -o t.svg
expect_stderr "type3.lwr: header key 'latents\[0\].z' must hold finite numbers"
expect_no_file t.svg
edit s1.lwr nan.lwr 'blob[0:4] = struct.pack("<f", float("nan"))'
expect_status 2 lw-rhythm encode nan.lwr "${files[0]}"
expect_stderr "nan.lwr: tensor '.*' holds NaN"
edit s1.lwr empty.lwr 'h["tensors"].append({"name": "extra", "shape": [0]})'
lw-rhythm encode empty.lwr "${files[0]}" >/dev/null || fail "a zero-sized tensor in the file broke loading"

# preview: a delta time of 0x0FFFFFFF is refused before anything is allocated.
/usr/bin/python3 - <<'PY'
import struct
ev = b"\x00\x99\x24\x64" + b"\xff\xff\xff\x7f\x99\x26\x64" + b"\x00\xff\x2f\x00"
open("far.mid", "wb").write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(ev)) + ev)
PY
expect_status 2 lw-rhythm preview far.mid -o far.wav
expect_stderr 'far.mid: the last note starts .* hours in; preview renders at most 60 minutes'
expect_no_file far.wav
