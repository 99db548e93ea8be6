# lw-render with models made at test time by make_test_models.py: v1/v2
# attributes, mono/stereo, ratios 512 and 2048, encode and prior, broken
# files; and the export of builtin:voices loaded by Python's torch.
/usr/bin/python3 "$LW_SOURCE_DIR/tests/model/make_test_models.py" models
lw-walk generate orbit --duration 4 --seed 1 -o walk.json -q

expect_status 0 lw-render inspect models/v1-mono-512.ts
expect_stdout "sample rate: +44100 Hz \(from 'sampling_rate'\)"
expect_stdout "ratio: +512"
expect_status 0 lw-render inspect models/v2-mono-full.ts --json
expect_stdout '"prior": \['
expect_stdout '"sample_rate_from": "sr"'
expect_status 0 lw-render inspect builtin:voices-stereo
expect_stdout "channels: +2"
# a model file on stdin ('-') like every other single input
expect_status 0 lw-render inspect - < models/v1-mono-512.ts
expect_stdout "ratio: +512"
expect_status 0 lw-render inspect builtin:voices-stereo -q   # -q accepted everywhere (a no-op here)
expect_stdout "channels: +2"

# renders at the model's own rate and ratio
expect_status 0 lw-render walk walk.json --model models/v1-mono-512.ts -o v1.wav -q
[ "$(soxi -r v1.wav)" = 44100 ] || fail "v1 model rate"
[ "$(soxi -s v1.wav)" = 176400 ] || fail "4 s at 44.1 kHz, got $(soxi -s v1.wav)"
expect_status 0 lw-render walk walk.json --model models/v2-stereo-2048.ts -o v2.wav -q
[ "$(soxi -c v2.wav)" = 2 ] || fail "stereo model"
# the walk maps z to dimension 2; this model has 4 dimensions, so dim 5 is refused
printf 'latent:\n  - {dim: 5, source: x}\n' > five.yaml
expect_status 2 lw-render walk walk.json --model models/v2-stereo-2048.ts --mapping five.yaml -o bad.wav
expect_stderr "latent size 4"
expect_no_file bad.wav

# encode and prior
expect_status 0 lw-render audio "$LW_TESTDATA/sax/low_slow.wav" --model models/v2-mono-full.ts -o enc.wav -q
expect_status 0 lw-render prior --model models/v2-mono-full.ts --duration 2 -o prior.wav -q --seed 3
lw-render prior --model models/v2-mono-full.ts --duration 2 -o prior2.wav -q --seed 3
cmp prior.wav prior2.wav || fail "prior not deterministic"
expect_status 2 lw-render prior --model models/v1-mono-512.ts --duration 2 -o bad.wav
expect_stderr "no 'prior' method"
expect_no_file bad.wav
expect_status 2 lw-render audio "$LW_TESTDATA/sax/low_slow.wav" --model models/v1-mono-512.ts -o bad.wav
expect_stderr "no 'encode' method"
expect_no_file bad.wav

# broken models: exit 2 with a reason naming the file, never a crash
for case in "not-torchscript:not a TorchScript model" "no-decode:the model has no 'decode' method" \
            "bad-params:inconsistent params" "bad-shape:decode\(\) returned shape" \
            "no-rate:no sample rate" "decode-fails:decode\(\) failed"; do
  name=${case%%:*}; why=${case#*:}
  expect_status 2 lw-render inspect "models/$name.ts"
  expect_stderr "models/$name.ts: $why"
  expect_status 2 lw-render walk walk.json --model "models/$name.ts" -o bad.wav
  expect_stderr "$why"
  expect_no_file bad.wav bad.manifest.json
done
# a directory given as the model is named as such (not a torch stream error)
mkdir -p adir.ts
expect_status 2 lw-render inspect adir.ts
expect_stderr "adir.ts: is a directory, expected a model file"
expect_status 2 lw-render walk walk.json --model adir.ts -o bad.wav
expect_no_file bad.wav bad.manifest.json
expect_status 2 lw-render walk walk.json --model models/none.ts -o bad.wav
expect_stderr "cannot open"

# export: the file loads in Python's torch and gives the same samples
expect_status 0 lw-render export builtin:voices -o voices.ts
expect_status 0 lw-render export - -o voices-stdin.ts < voices.ts
cmp voices.ts voices-stdin.ts || fail "export from stdin is not the same file"
lw-render inspect voices.ts --json > inspect.json
grep -q '"latent_size": 8' inspect.json || fail "exported model"
expect_status 0 lw-render export builtin:voices -o voices-q.ts --quiet
cmp voices.ts voices-q.ts || fail "export --quiet wrote a different file"
printf 't,x,y,z,azimuth\n0,-2,0,-2,0\n3,2,0,3,0\n' > line.csv
printf 'latent:\n  - {dim: 0, source: x}\n  - {dim: 2, source: z}\n' > xz.yaml
lw-render walk line.csv --model voices.ts --mapping xz.yaml --interpolation linear --block 1000 -o cpp.wav --seed 4 -q
sox cpp.wav -t f32 cpp.f32
/usr/bin/python3 - <<'PY' || fail "python's decode differs from lw-render's"
import numpy, torch
m = torch.jit.load("voices.ts")
frames = (144000 + 2047) // 2048
t = numpy.arange(frames) / 23.4375
z = torch.zeros(1, 8, frames)
z[0, 0] = torch.from_numpy(numpy.interp(t, [0, 3], [-2, 2])).float()
z[0, 2] = torch.from_numpy(numpy.interp(t, [0, 3], [-2, 3])).float()
torch.manual_seed(4)
y = m.decode(z)[0, 0, :144000].numpy()
c = numpy.fromfile("cpp.f32", dtype=numpy.float32)
assert c.shape == y.shape, (c.shape, y.shape)
d = float(numpy.abs(c - y).max())
print("max difference", d, "peak", float(numpy.abs(y).max()))
assert d < 1e-5 and numpy.abs(y).max() > 0.01
PY

# streaming (cached-convolution) exports: detected, their delay measured and
# shown; rendered with any --block/--overlap/--threads to the same samples as
# the non-streaming twin decoded in one call
expect_status 0 lw-render inspect models/streaming-256.ts
expect_stdout "streaming: +yes \(stateful decode, 1 cached-padding buffer\(s\)\): decoded in order without overlap"
expect_stdout "delay: +300 samples \(6.25 ms\), measured at load and compensated"
expect_status 0 lw-render inspect models/streaming-256.ts --json
expect_stdout '"streaming": true'
expect_stdout '"delay_samples": 300'
expect_status 0 lw-render inspect models/twin-256.ts
expect_stdout "streaming: +no"
lw-render walk walk.json --model models/twin-256.ts --block 1000 --overlap 0 -o twin.wav -q
expect_status 0 lw-render walk walk.json --model models/streaming-256.ts --threads 2 -o stream.wav
grep -q '"streaming": true' stream.manifest.json || fail "manifest does not record the streaming model"
lw-render walk walk.json --model models/streaming-256.ts --block 5 --overlap 4 -o stream2.wav -q
# the overlap that took effect (0: in order, no cross-fade) and the one asked for
/usr/bin/python3 -c 'import json; m = json.load(open("stream2.manifest.json")); assert m["overlap"] == 0 and m["overlap_requested"] == 4, (m["overlap"], m.get("overlap_requested"))' ||
  fail "streaming manifest: overlap 0, overlap_requested 4"
/usr/bin/python3 -c 'import json; m = json.load(open("stream.manifest.json")); assert m["overlap"] == 0 and m["overlap_requested"] == 8, m["overlap"]' ||
  fail "streaming manifest: overlap 0, overlap_requested 8 (the default)"
sox twin.wav -t f32 twin.f32; sox stream.wav -t f32 stream.f32; sox stream2.wav -t f32 stream2.f32
/usr/bin/python3 - <<'PY' || fail "the streaming render does not line up with its twin"
import numpy
a, b = numpy.fromfile("twin.f32", numpy.float32), numpy.fromfile("stream.f32", numpy.float32)
c = numpy.fromfile("stream2.f32", numpy.float32)
assert a.shape == b.shape == c.shape, (a.shape, b.shape, c.shape)
assert float(numpy.abs(b - c).max()) < 1e-5, "streaming render depends on --block/--overlap"
d = float(numpy.abs(a[:-300] - b[:-300]).max())
late = float(numpy.abs(a[:-600] - b[300:-300]).max())
print("aligned", d, "uncompensated would be", late)
assert d < 1e-5 and numpy.abs(a).max() > 0.05
PY

# a decoder that returns NaN: exit 2 naming the model and the first bad frame, no output
expect_status 2 lw-render walk walk.json --model models/nan.ts -o bad.wav
expect_stderr "models/nan.ts: decode\(\) returned NaN at latent frame 5 \(t = 0.053 s"
expect_no_file bad.wav bad.manifest.json
expect_status 2 lw-render walk walk.json --model models/nan.ts --threads 2 --block 8 --overlap 0 -o bad.wav
expect_stderr "NaN at latent frame 5 "
expect_no_file bad.wav

# a tensor record cut short inside a valid archive (torch reads past it):
# exit 2 naming the file and the tensor, never a crash
/usr/bin/python3 - <<'PY'
import zipfile
src = zipfile.ZipFile("models/v2-mono-full.ts")
big = max((i for i in src.infolist() if "/data/" in i.filename), key=lambda i: i.file_size)
with zipfile.ZipFile("cut.ts", "w", zipfile.ZIP_STORED) as out:
    for i in src.infolist():
        b = src.read(i.filename)
        out.writestr(i, b[: len(b) // 3] if i.filename == big.filename else b)
PY
expect_status 2 lw-render inspect cut.ts
expect_stderr "cut.ts: truncated or corrupt model file: tensor '[a-z_.]+' needs [0-9]+ bytes but no record in the archive has that size"
expect_status 2 lw-render walk walk.json --model cut.ts -o bad.wav
expect_stderr "cut.ts: truncated or corrupt model file"
expect_no_file bad.wav

# audio input resampled to exactly duration x model rate; a ratio
# libsamplerate cannot convert is exit 2 naming the file
sox -n -r 22050 -c 1 in22.wav synth 2.00 sine 220 vol 0.3
expect_status 0 lw-render audio in22.wav --model models/v2-mono-full.ts -o a22.wav -q
[ "$(soxi -s a22.wav)" = 96000 ] || fail "2.00 s at 22.05 kHz rendered at 48 kHz: $(soxi -s a22.wav) samples, expected 96000"
sox -n -r 100 -c 1 in100.wav synth 2 sine 20
expect_status 2 lw-render audio in100.wav --model models/v2-mono-full.ts -o bad.wav
expect_stderr "in100.wav: cannot convert 100 Hz to 48000 Hz"
expect_no_file bad.wav
