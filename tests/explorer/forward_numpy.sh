# A model written by hand in FluCoMa's MLP layout (one layer of each
# activation) is evaluated by lw-train-explorer and by an independent numpy
# forward pass: same outputs to 1e-6, with and without latentwalk scaling.
cat > bare.json <<'JSON'
{"layers":[
 {"activation":3,"rows":3,"cols":4,"biases":[0.1,-0.2,0.3,0.05],
  "weights":[[0.5,-1.0,2.0,0.3],[1.5,0.25,-0.75,-0.6],[-0.3,0.8,0.1,1.2]]},
 {"activation":2,"rows":4,"cols":2,"biases":[0.05,-0.1],
  "weights":[[1.0,-0.5],[-2.0,0.7],[0.5,0.9],[0.25,-1.1]]},
 {"activation":1,"rows":2,"cols":2,"biases":[-0.4,0.2],"weights":[[1.3,-0.8],[0.6,2.1]]},
 {"activation":0,"rows":2,"cols":4,"biases":[0.0,0.1,0.2,0.3],
  "weights":[[0.9,-0.2,0.4,0.1],[0.3,0.7,-0.5,0.6]]}]}
JSON
# The same layers with latentwalk fields (a FluCoMa reader ignores them).
/usr/bin/python3 - <<'PY'
import json
m = json.load(open("bare.json"))
m.update({"format": "latentwalk.explorer-model", "version": 1,
          "inputs": [{"name": "loudness", "min": -60, "max": 0},
                     {"name": "centroid", "min": 200, "max": 4200},
                     {"name": "flatness", "min": 0.5, "max": 0.5}],
          "outputs": [{"name": "x", "min": -3, "max": 3}, {"name": "y", "min": -3, "max": 3},
                      {"name": "noise", "min": 0, "max": 2}, {"name": "ramp_ms", "min": 0, "max": 10000}]})
json.dump(m, open("scaled.json", "w"))
PY
check() {  # check MODEL VECTOR
  local ours theirs
  ours=$(lw-train-explorer predict "$1" --vector "$2")
  theirs=$(/usr/bin/python3 "$LW_SOURCE_DIR/tests/explorer/numpy_forward.py" "$1" "$2")
  /usr/bin/python3 - "$ours" "$theirs" "$3" <<'PY' || fail "$1 $2: tool $ours, numpy $theirs"
import sys
a = [float(v) for v in sys.argv[1].split(",")]; b = [float(v) for v in sys.argv[2].split(",")]
tol = float(sys.argv[3])
assert len(a) == len(b) == 4, (a, b)
assert all(abs(p - q) <= tol * max(1.0, abs(q)) for p, q in zip(a, b)), (a, b)
PY
}
check bare.json 0.2,0.7,0.4 1e-6
check bare.json 1,0,0 1e-6
check bare.json -0.5,2.5,0.9 1e-6
check scaled.json -30,1000,0.5 1e-6
check scaled.json -6,4000,3 1e-6
check scaled.json -80,100,0 1e-6
# The tool's export is still a FluCoMa model that numpy (and Max/Pd/SC) reads.
expect_status 0 lw-train-explorer export scaled.json --flucoma -o exported.json
/usr/bin/python3 -c "import json,sys; m=json.load(open('exported.json')); sys.exit(set(m) != {'layers'})" ||
  fail "export --flucoma wrote more than 'layers'"
check exported.json 0.2,0.7,0.4 1e-6
expect_status 0 lw-train-explorer export scaled.json --flucoma -o exported-q.json -q
cmp exported.json exported-q.json || fail "export -q wrote a different file"
