# lw-render latents: a latent trajectory made elsewhere (.npy float32/float64,
# [latent, frames] or [frames, latent], or CSV) decodes to exactly the samples
# of Python's `torch.manual_seed(seed); m.decode(z)` when one block holds all
# frames; --latents-out writes exactly what walk/audio/prior decoded; bad
# files are refused with the place named and nothing written.
/usr/bin/python3 "$LW_SOURCE_DIR/tests/model/make_test_models.py" models
expect_status 0 lw-render export builtin:voices -o models/voices.ts

/usr/bin/python3 - <<'PY'
import numpy as np
rng = np.random.default_rng(5)
for name, latent in [("z8", 8), ("z4", 4)]:
    frames = 37
    t = np.arange(frames) / frames
    z = np.stack([1.5 * np.sin(2 * np.pi * (k + 1) * t + k) for k in range(latent)]) + 0.3 * rng.standard_normal((latent, frames))
    np.save(name + "-f32.npy", z.astype(np.float32))
    np.save(name + "-f64T.npy", z.T.astype(np.float64))
    np.save(name + "-f32F.npy", np.asfortranarray(z.astype(np.float32)))
    with open(name + ".csv", "w") as f:
        f.write(",".join("z%d" % k for k in range(latent)) + "\n")
        for row in z.T.astype(np.float32):
            f.write(",".join(repr(float(v)) for v in row) + "\n")
PY

# exact against Python, for three seeds and three models (two draw noise in decode)
for model in v2-mono-full:z8 v2-stereo-2048:z4 voices:z8; do
  ts=models/${model%%:*}.ts; z=${model#*:}; tag=${model%%:*}
  seeds="1 2 3"; [ "$tag" = v2-stereo-2048 ] && seeds=1   # draws no noise: one seed
  for seed in $seeds; do
    expect_status 0 lw-render latents "$z-f32.npy" -m "$ts" --block 64 --seed $seed -o "$tag-$seed.wav" -q
  done
done
# the other layouts and the CSV decode to the same file
for v in "b:z8-f64T.npy --frames-first" "c:z8-f32F.npy" "d:z8.csv"; do
  lw-render latents ${v#*:} -m models/voices.ts --block 64 --seed 1 -o "${v%%:*}.wav" -q --no-manifest
  cmp voices-1.wav "${v%%:*}.wav" || fail "${v#*:} decodes differently from z8-f32.npy"
done
/usr/bin/python3 - <<'PY' || fail "lw-render latents differs from Python's decode"
import numpy as np, torch
def data(p, ch):
    raw = open(p, "rb").read(); i = raw.index(b"data") + 8
    return np.frombuffer(raw[i:], dtype="<f4").reshape(-1, ch).T
for tag, z in [("v2-mono-full", "z8"), ("v2-stereo-2048", "z4"), ("voices", "z8")]:
    m = torch.jit.load("models/%s.ts" % tag)
    zt = torch.from_numpy(np.load(z + "-f32.npy"))[None]
    outs = []
    for seed in ((1,) if tag == "v2-stereo-2048" else (1, 2, 3)):
        torch.manual_seed(seed)
        with torch.inference_mode():
            y = m.decode(zt)[0].numpy()
        c = data("%s-%d.wav" % (tag, seed), y.shape[0])
        assert c.shape == y.shape, (tag, c.shape, y.shape)
        assert np.array_equal(c, y), (tag, seed, float(np.abs(c - y).max()))
        assert np.abs(y).max() > 1e-3
        outs.append(c)
    if tag != "v2-stereo-2048":  # the others draw noise in decode: the seed matters
        assert not np.array_equal(outs[0], outs[1]), tag
    print("identical to Python for seeds 1-3:", tag, y.shape)
PY
grep -q '"mode": "latents"' voices-1.manifest.json || fail "manifest mode"
grep -q '"layout": "latent, frames"' voices-1.manifest.json || fail "manifest layout"

# --latents-out on walk: decoding those latents gives the walk's own samples
lw-walk generate orbit --duration 3 --seed 2 -o walk.json -q
expect_status 0 lw-render walk walk.json -m models/voices.ts --seed 9 -o w.wav --latents-out w.npy -q
grep -q '"latents_out": "w.npy"' w.manifest.json || fail "manifest names --latents-out"
lw-render latents w.npy -m models/voices.ts --seed 9 -o wz.wav -q
/usr/bin/python3 - <<'PY' || fail "walk's --latents-out does not reproduce the walk"
import numpy as np
def data(p):
    raw = open(p, "rb").read(); i = raw.index(b"data") + 8
    return np.frombuffer(raw[i:], dtype="<f4")
z = np.load("w.npy"); assert z.dtype == np.float32 and z.shape[0] == 8, z.shape
a, b = data("w.wav"), data("wz.wav")
assert len(b) == z.shape[1] * 2048 and len(a) <= len(b), (len(a), len(b))
assert np.array_equal(a, b[:len(a)])
PY
# audio and prior write theirs too
expect_status 0 lw-render audio "$LW_TESTDATA/sax/low_slow.wav" -m models/v2-mono-full.ts -o e.wav --latents-out e.npy -q
expect_status 0 lw-render prior -m models/v2-mono-full.ts --duration 1 --seed 3 -o p.wav --latents-out p.npy -q
/usr/bin/python3 -c "
import numpy as np
for f in ('e.npy', 'p.npy'):
    z = np.load(f); assert z.shape[0] == 8 and z.shape[1] > 10 and np.isfinite(z).all(), (f, z.shape)
" || fail "audio/prior --latents-out"
# an input is never overwritten by --latents-out
expect_status 2 lw-render walk walk.json -m models/voices.ts -o x.wav --latents-out walk.json
expect_no_file x.wav

# bad latent files: exit 2, the place named, nothing written
/usr/bin/python3 - <<'PY'
import numpy as np
np.save("int.npy", np.zeros((8, 5), dtype=np.int64))
np.save("three.npy", np.zeros((1, 8, 5), dtype=np.float32))
np.save("big.npy", np.zeros((8, 5), dtype=">f4"))
z = np.zeros((8, 5), dtype=np.float32); z[3, 4] = np.nan; np.save("nan.npy", z)
z = np.zeros((8, 5), dtype=np.float64); z[2, 1] = 1e200; np.save("huge.npy", z)
np.save("wrong.npy", np.zeros((5, 8), dtype=np.float32))
b = open("z8-f32.npy", "rb").read(); open("cut.npy", "wb").write(b[:-7])
PY
printf 'a,b\n1,2\n3,x\n' > bad.csv
printf '0,0,0,0,0,0,0,0\n0,0,0\n' > ragged.csv
for case in "int.npy:dtype '<i8' is not supported" "three.npy:3 dimensions" "big.npy:dtype '>f4'" \
            "nan.npy:frame 4, latent dimension 3" "huge.npy:frame 1, latent dimension 2" \
            "wrong.npy:give --frames-first" "cut.npy:the data holds" "bad.csv:bad.csv:3: column 2: 'x' is not a number" \
            "ragged.csv:ragged.csv:2: 3 columns" "walk.json:expected .npy or .csv"; do
  f=${case%%:*}; why=${case#*:}
  expect_status 2 lw-render latents "$f" -m models/voices.ts -o bad.wav
  expect_stderr "$why"
  expect_no_file bad.wav bad.manifest.json
done
