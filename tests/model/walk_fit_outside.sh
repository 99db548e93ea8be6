# walk: a user is told when the mapped values spend more than a set share
# of the walk beyond +-3 (stderr and --json); --fit puts the walk's or the
# scene's box onto a latent range (recorded in the manifest) and the warning
# goes; a walk or mapping whose mapped values are not finite floats is
# refused naming the file, the frame and the mapping entry.
lw-walk generate random --duration 12 --seed 3 -o wide.json -q   # spans about 15 x 8 scene units
expect_status 0 lw-render walk wide.json -o wide.wav --block 512
expect_stderr "warning: the mapped values are beyond \+-3 for [0-9]+% of the walk \(dimension"
lw-render walk wide.json -o wide2.wav --json --no-manifest > wide.json.out 2>/dev/null
/usr/bin/python3 -c "
import json; j = json.load(open('wide.json.out'))
assert j['outside']['warning'] is True and j['outside']['share'] > 0.25, j['outside']
" || fail "--json reports the share beyond +-3"
expect_status 0 lw-render walk wide.json -o fit.wav --fit=-2.5:2.5
if grep -q "beyond" "$LW_TMP/last.err" 2>/dev/null; then fail "warning after --fit"; fi
/usr/bin/python3 - <<'PY' || fail "manifest records the fit and the share"
import json
m = json.load(open("fit.manifest.json"))
f = m["fit"]
assert f["range"] == [-2.5, 2.5] and f["box"] == "walk", f
assert {e["dim"] for e in f["entries"]} == {0, 1, 2}, f
assert m["outside"]["share"] == 0 and m["outside"]["warning"] is False, m["outside"]
assert json.load(open("wide.manifest.json"))["outside"]["warning"] is True
PY
# a raised threshold silences it; the scene's box needs a scene
expect_status 0 lw-render walk wide.json -o quiet.wav --outside-share 1 --no-manifest
if grep -q "beyond" "$LW_TMP/last.err" 2>/dev/null; then fail "warning despite --outside-share 1"; fi
expect_status 2 lw-render walk wide.json -o x.wav --fit=-2:2 --fit-box scene
expect_stderr "needs --scene"
expect_status 0 lw-render walk wide.json -o scene.wav --fit=-2:2 --fit-box scene \
  --scene "$LW_TESTDATA/scenes/experience2-landmarks.yaml" --no-manifest -q
expect_status 2 lw-render walk wide.json -o x.wav --fit 2:1
expect_stderr "LO < HI"
expect_no_file x.wav

# non-finite mapped values: refused where they enter
printf 't,x,y,z,azimuth\n0,0,0,0,0\n1,1e200,0,0,0\n2,0,0,0,0\n' > huge.csv
expect_status 2 lw-render walk huge.csv -o bad.wav
expect_stderr "huge.csv: frame 1 \(t = 1 s\): latent dimension 0 would be 1e\+200"
expect_no_file bad.wav bad.manifest.json
printf 'latent:\n  - {dim: 0, source: x, scale: 1e308}\n' > big.yaml
printf 't,x,y,z,azimuth\n0,0,0,0,0\n1,5,0,0,0\n' > fine.csv
expect_status 2 lw-render walk fine.csv --mapping big.yaml -o bad.wav
expect_stderr "big.yaml:2: source x = 5, scale 1e\+308"
expect_no_file bad.wav bad.manifest.json
expect_status 2 lw-render audio "$LW_TESTDATA/sax/low_slow.wav" --walk huge.csv -o bad.wav
expect_stderr "huge.csv: frame 1"
expect_no_file bad.wav
