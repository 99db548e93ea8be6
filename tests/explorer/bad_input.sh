# Bad models and inputs exit 2 with a message naming the file and what is
# wrong, and leave no output behind.
X=lw-train-explorer
sax=$LW_TESTDATA/sax
cat > good.json <<'JSON'
{"layers":[{"activation":1,"rows":2,"cols":3,"biases":[0,0,0],"weights":[[1,2,3],[4,5,6]]},
 {"activation":0,"rows":3,"cols":4,"biases":[0,0,0,0],"weights":[[1,0,0,0],[0,1,0,0],[0,0,1,1]]}]}
JSON
expect_status 0 $X predict good.json --vector 0.5,0.5

# wrong number of inputs; a non-finite input
expect_status 2 $X predict good.json --vector 1,2,3
expect_stderr "--vector: 3 values, the model takes 2 inputs"
expect_status 2 $X predict good.json --vector 1,inf
expect_stderr "not a finite number"

# layer sizes that do not chain
cat > chain.json <<'JSON'
{"layers":[{"activation":1,"rows":2,"cols":3,"biases":[0,0,0],"weights":[[1,2,3],[4,5,6]]},
 {"activation":0,"rows":2,"cols":4,"biases":[0,0,0,0],"weights":[[1,0,0,0],[0,1,0,0]]}]}
JSON
expect_status 2 $X predict chain.json --vector 0.5,0.5
expect_stderr "chain.json: layer 1 has 2 rows \(inputs\) but layer 0 has 3 cols \(outputs\); layer sizes must chain"

# truncated JSON
head -c 90 good.json > cut.json
expect_status 2 $X predict cut.json --vector 0.5,0.5
expect_stderr "cut.json:[0-9]+: column [0-9]+: not valid JSON"
expect_status 2 $X predict cut.json --audio "$sax/mixed.wav" -o path.json
expect_no_file path.json

# non-finite and mistyped values in a model
sed 's/\[1,2,3\]/[1,2,1e999]/' good.json > inf.json
expect_status 2 $X predict inf.json --vector 0.5,0.5
sed 's/\[1,2,3\]/[1,"2",3]/' good.json > str.json
expect_status 2 $X predict str.json --vector 0.5,0.5
expect_stderr "str.json: layer 0: weights\[0\]\[1\] must be a number"
sed 's/"activation":1/"activation":5/' good.json > act.json
expect_status 2 $X predict act.json --vector 0.5,0.5
expect_stderr "act.json: layer 0: \"activation\" must be 0 \(identity\), 1 \(sigmoid\), 2 \(relu\) or 3 \(tanh\)"
echo '{"format":"latentwalk.control","version":1,"frames":[]}' > other.json
expect_status 2 $X predict other.json --vector 1
expect_stderr "other.json: is a \"latentwalk.control\" file; expected \"latentwalk.explorer-model\""
expect_status 2 $X predict missing.json --vector 1
expect_stderr "missing.json: no such file"

# A bare model with 2 inputs cannot take the ten explorer features from audio.
expect_status 2 $X predict good.json --audio "$sax/mixed.wav" -o path.json
expect_stderr "name them with --inputs"
expect_no_file path.json
# ... but it can with two named features; its outputs stay in [0, 1].
expect_status 0 $X predict good.json --audio "$sax/mixed.wav" --inputs flatness,crest -o path.json
/usr/bin/python3 -c "
import json; f = json.load(open('path.json'))['frames']
assert all(0 <= fr[k] <= 1 for fr in f for k in ('x', 'y', 'noise', 'ramp_ms'))" || fail "bare outputs not in [0, 1]"
rm path.json

# Non-finite feature frames are refused naming the frame.
cat > nanf.csv <<'CSV'
# format=latentwalk.features version=1 sample_rate=100 hop=10 window=20
time,flatness,crest
0,0.5,0.5
0.1,nan,0.5
CSV
if $X predict good.json --features nanf.csv --inputs flatness,crest -o path.json 2>"$LW_TMP/err"; then
  fail "a NaN feature was accepted"
fi
grep -Eq "nanf.csv.*(frame 1|line 4|not finite|nan)" "$LW_TMP/err" || { cat "$LW_TMP/err"; fail "NaN not named"; }
expect_no_file path.json

# An input that is also the output is refused.
expect_status 2 $X export good.json --flucoma -o good.json
expect_stderr "refusing to overwrite"
expect_status 2 $X export good.json -o out.json
expect_stderr "give --flucoma"
expect_no_file out.json

# A dataset that would not be created leaves no file.
expect_status 2 $X add new.json --in 1,2 --out 0,0,0,0
expect_no_file new.json
expect_status 2 $X add new.json --audio "$sax/mixed.wav" --out 0,0,0,9e9
expect_stderr "outside its range"
expect_no_file new.json

# --vector prints; path options do not apply to it.
expect_status 2 $X predict good.json --vector 0.5,0.5 --smooth 1
expect_stderr "not to --vector"
# A dataset holding a number beyond double range is refused, not rewritten.
expect_status 0 $X add ds.json -q --in 1,2,3,4,5,6,7,8,9,10 --out 0,0,0,0
sed 's/\[1.0,2.0,/[1e999,2.0,/' ds.json > huge.json
cp huge.json huge.orig
expect_status 2 $X add huge.json --in 1,2,3,4,5,6,7,8,9,10 --out 0,0,0,0
expect_stderr "huge.json: not valid JSON"
cmp -s huge.json huge.orig || fail "a malformed dataset was rewritten"
# --audio/--features from stdin: refused up front (the source is hashed for
# the provenance), and no dataset is created
expect_status 2 $X add new.json --audio - --out 0,0,0,0 < "$sax/phrase.wav"
expect_stderr "need a file, not '-'"
expect_no_file new.json
expect_status 2 $X predict good.json --inputs a,b --audio - -o stdin.json < "$sax/phrase.wav"
expect_stderr "need a file, not '-'"
expect_no_file stdin.json
