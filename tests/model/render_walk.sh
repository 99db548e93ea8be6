# lw-render walk/audio/prior with the built-in models: files, manifest,
# determinism, formats, and bad input (exit 2, no partial output).
T=$LW_TESTDATA
S=$T/scenes/experience2-landmarks.yaml
M=$T/mappings/soundwalk.yaml
lw-walk generate visit --scene "$S" --duration 12 --seed 2 -o walk.json -q

peak() { sox "$1" -n stat 2>&1 | awk '/(Maximum|Minimum) amplitude/ {v = $3 < 0 ? -$3 : $3; if (v > p) p = v} END {print p}'; }

expect_status 0 lw-render walk walk.json --scene "$S" --mapping "$M" -o out.wav --seed 5 --json
expect_stdout '"duration": 12(\.0)?,'
expect_stdout '"real_time_factor"'
[ "$(soxi -c out.wav)" = 2 ] || fail "pan should give stereo"
[ "$(soxi -r out.wav)" = 48000 ] || fail "model rate expected"
[ "$(soxi -s out.wav)" = 576000 ] || fail "12 s at 48 kHz expected, got $(soxi -s out.wav)"
[ -f out.manifest.json ] || fail "no manifest"
/usr/bin/python3 - "$T" <<'PY' || fail "manifest content"
import hashlib, json, sys
m = json.load(open("out.manifest.json"))
assert m["format"] == "latentwalk.render-manifest" and m["version"] == 1
assert m["tool"].startswith("lw-render ")
assert m["seed"] == 5 and m["threads"] >= 1
assert m["trajectory"]["sha256"] == hashlib.sha256(open("walk.json", "rb").read()).hexdigest()
assert m["model"]["spec"] == "builtin:voices" and len(m["model"]["sha256"]) == 64
assert m["mapping"]["stereo"] == "pan" and m["mapping"]["zones"][0]["inside"] == "tower"
assert m["output"]["frames"] == 576000
PY

# same inputs, seed and threads: the same bytes; another seed: other bytes
lw-render walk walk.json --scene "$S" --mapping "$M" -o again.wav --seed 5 -q
cmp out.wav again.wav || fail "not deterministic"
lw-render walk walk.json --scene "$S" --mapping "$M" -o seed6.wav --seed 6 -q
cmp -s out.wav seed6.wav && fail "the seed changes nothing"
lw-render walk walk.json --scene "$S" --mapping "$M" -o t2a.wav --seed 5 --threads 2 -q
lw-render walk walk.json --scene "$S" --mapping "$M" -o t2b.wav --seed 5 --threads 2 -q
cmp t2a.wav t2b.wav || fail "not deterministic with 2 threads"

# the manifest reproduces the render
lw-render walk walk.json --scene "$S" --mapping "$M" -o other-blocks.wav --seed 5 --block 40 --overlap 8 -q --no-manifest
[ ! -e other-blocks.manifest.json ] || fail "--no-manifest wrote one"

# default mapping (x, y, z -> 0, 1, 2), mono
expect_status 0 lw-render walk walk.json -o mono.flac --format pcm16 --rate 44100 -q
[ "$(soxi -c mono.flac)" = 1 ] || fail "default mapping should be mono"
[ "$(soxi -r mono.flac)" = 44100 ] || fail "--rate 44100"
[ "$(soxi -s mono.flac)" = 529200 ] || fail "12 s at 44.1 kHz, got $(soxi -s mono.flac)"
[ "$(soxi -b mono.flac)" = 16 ] || fail "pcm16"

# --normalize puts the peak at the level asked for
lw-render walk walk.json -o norm.wav --normalize -1 -q
approx "$(peak norm.wav)" 0.891 0.002
# ... its temporary file goes to $TMPDIR; no room there is exit 2 with the
# reason and no output (a missing directory; a file size limit, as a full disk)
expect_status 2 env TMPDIR="$PWD/no-such-dir" lw-render walk walk.json -o bad.wav --normalize -1 -q
expect_stderr "error: $PWD/no-such-dir: cannot create the temporary file for --normalize: No such file or directory"
expect_no_file bad.wav
expect_status 2 bash -c 'trap "" XFSZ; ulimit -f 512; exec lw-render walk walk.json -o bad.wav --normalize -1 -q'
expect_stderr "error: [^ ]+: cannot write the temporary file for --normalize: File too large"
expect_no_file bad.wav

# stereo model with rotate, a control path as walk
expect_status 0 lw-render walk walk.json --model builtin:voices-stereo --stereo rotate -o rot.wav -q
[ "$(soxi -c rot.wav)" = 2 ] || fail "stereo model"
expect_status 2 lw-render walk walk.json --model builtin:voices-stereo --stereo pan -o bad.wav
expect_stderr "pan is for mono models"
expect_no_file bad.wav

# stdout
lw-render walk walk.json -o - -q > piped.wav
[ "$(soxi -s piped.wav)" = 576000 ] || fail "WAV on stdout"

# audio mode: encode, offsets from the walk, decode; length of the input
expect_status 0 lw-render audio "$T/sax/phrase.wav" --walk walk.json -o timbre.wav -q
approx "$(soxi -D timbre.wav)" "$(soxi -D "$T/sax/phrase.wav")" 0.001
[ "$(soxi -r timbre.wav)" = 48000 ] || fail "audio mode renders at the model's rate"

# prior
expect_status 0 lw-render prior --duration 3.5 -o prior.wav --seed 1 -q
[ "$(soxi -s prior.wav)" = 168000 ] || fail "prior 3.5 s"

# bad input: clear message, exit 2, no output at all
printf 'latent:\n  - {dim: 0, source: x}\n  - {dim: 9, source: z}\n' > far.yaml
expect_status 2 lw-render walk walk.json --mapping far.yaml -o bad.wav
expect_stderr "far.yaml:3: 'dim: 9' is beyond the model's latent size 8"
expect_no_file bad.wav bad.manifest.json
printf 'latent:\n  - {dim: 0, source: "distance:castle"}\n' > castle.yaml
expect_status 2 lw-render walk walk.json --mapping castle.yaml --scene "$S" -o bad.wav
expect_stderr "castle.yaml:2: unknown landmark 'castle'"
expect_no_file bad.wav
printf 'latent:\n  - {dim: 0, source: x, scale: [1, 2]}\n' > malformed.yaml
expect_status 2 lw-render walk walk.json --mapping malformed.yaml -o bad.wav
expect_stderr "malformed.yaml:2: 'scale' must be a number"
expect_status 2 lw-render walk walk.json --mapping castle.yaml -o bad.wav
expect_stderr "needs a scene"
printf 't,x,y,z,azimuth\n0,1,2,3,0\n0.1,oops,2,3,0\n' > broken.csv
expect_status 2 lw-render walk broken.csv -o bad.wav
expect_stderr "broken.csv:3"
expect_no_file bad.wav
expect_status 2 lw-render walk walk.json -o walk.json
expect_stderr "walk.json"
expect_status 2 lw-render walk walk.json -o bad.wav --overlap 200 --block 100
expect_status 2 lw-render walk walk.json -o bad.wav --normalize 3
expect_no_file bad.wav
expect_status 2 lw-render walk walk.json -o bad.wav --model builtin:choir
expect_stderr "unknown built-in model 'builtin:choir'"
expect_status 2 lw-render audio "$T/sax/phrase.wav" --walk walk.json --mapping far.yaml -o bad.wav
expect_no_file bad.wav
printf 't,x,y,z,azimuth\n0,1,2,3,0\n' > one.csv
expect_status 2 lw-render walk one.csv -o bad.wav
expect_stderr "one.csv: the trajectory lasts 0 s"
expect_no_file bad.wav
expect_status 2 lw-render walk walk.json -o - --json
expect_stderr "both write to stdout"

# an explorer control path (latentwalk.control) renders as a walk
expect_status 0 lw-render walk "$T/midi/explorer-path.control.json" -o control.wav -q
approx "$(soxi -D control.wav)" 28 0.001
