# --like nn~ renders what nn~ in Max would have played live
# (render/nn_like.hpp names what was followed in acids-ircam/nn_tilde):
# walk values held between arrivals, the last sample of each ratio piece
# taken as the latent frame, the model called on buffer / ratio frames at a
# time, and nn~'s delay (2 buffer - vector with its compute thread, buffer -
# vector without). Checked sample for sample against the same procedure
# written independently in Python's torch, for two irregular walks and
# three buffer settings.
/usr/bin/python3 "$LW_SOURCE_DIR/tests/model/make_test_models.py" models
/usr/bin/python3 - <<'PY'
import numpy as np
for seed in (1, 2):
    rng = np.random.default_rng(seed)
    t = np.concatenate([[0], np.cumsum(rng.uniform(0.01, 0.3, 25))])   # irregular arrivals, ~4 s
    with open("walk%d.csv" % seed, "w") as f:
        f.write("t,x,y,z,azimuth\n")
        for ti in t:
            f.write("%r,%r,%r,%r,0\n" % (float(ti), float(rng.uniform(-2, 2)), float(rng.uniform(-1, 1)), float(rng.uniform(-2, 2))))
PY
for seed in 1 2; do
  expect_status 0 lw-render walk walk$seed.csv -m models/v1-mono-512.ts --like nn~ -o nn-$seed-default.wav \
    --latents-out nn-$seed-default.npy -q
  expect_status 0 lw-render walk walk$seed.csv -m models/v1-mono-512.ts --like nn~ --buffer 0 -o nn-$seed-nothread.wav -q
  expect_status 0 lw-render walk walk$seed.csv -m models/v1-mono-512.ts --like nn~ --buffer 3000 --vector 128 \
    -o nn-$seed-3000.wav -q
  expect_status 0 lw-render walk walk$seed.csv -m models/v1-mono-512.ts -o smooth-$seed.wav -q --no-manifest
done
grep -q '"delay_samples": 8128' nn-1-default.manifest.json || fail "manifest: nn~ delay 2 x 4096 - 64"
grep -q '"threaded": false' nn-1-nothread.manifest.json || fail "manifest: --buffer 0 has no thread"
/usr/bin/python3 - <<'PY' || fail "--like nn~ differs from nn~'s procedure"
import csv, numpy as np, torch
m = torch.jit.load("models/v1-mono-512.ts")
sr, r, latent = 44100, 512, 8
def data(p):
    raw = open(p, "rb").read(); i = raw.index(b"data") + 8
    return np.frombuffer(raw[i:], dtype="<f4")
for seed in (1, 2):
    rows = [[float(v) for v in row] for row in list(csv.reader(open("walk%d.csv" % seed)))[1:]]
    t = np.array([row[0] for row in rows]); xyz = np.array([row[1:4] for row in rows])
    out_frames = int(round((t[-1] - t[0]) * sr))
    for tag, buffer, threaded, vector in (("default", 4096, True, 64), ("nothread", 512, False, 64), ("3000", 4096, True, 128)):
        delay = (2 * buffer if threaded else buffer) - vector
        calls = max(1, -(-max(0, out_frames - delay) // buffer))
        frames = calls * buffer // r
        z = np.zeros((latent, frames), dtype=np.float32)
        for j in range(frames):
            sample = (j + 1) * r - 1                      # last sample of the ratio piece
            k = np.nonzero((t - t[0]) * sr <= sample)[0][-1]  # the frame held at that sample
            z[0:3, j] = xyz[k]
        ys = []
        for c in range(calls):                            # one model call per buffer
            with torch.inference_mode():
                ys.append(m.decode(torch.from_numpy(z[:, c * buffer // r:(c + 1) * buffer // r].copy())[None])[0, 0].numpy())
        want = np.concatenate([np.zeros(delay, dtype=np.float32)] + ys)[:out_frames]
        got = data("nn-%d-%s.wav" % (seed, tag))
        assert got.shape == want.shape, (seed, tag, got.shape, want.shape)
        assert np.array_equal(got, want), (seed, tag, float(np.abs(got - want).max()))
        assert np.abs(got[delay:]).max() > 0.01
        assert np.all(got[:delay] == 0)
        if tag == "default":
            assert np.array_equal(np.load("nn-%d-default.npy" % seed), z), "--latents-out holds the held latents"
        print("nn~ procedure reproduced:", seed, tag, "delay", delay, "calls", calls)
    smooth = data("smooth-%d.wav" % seed)
    assert smooth.shape == (out_frames,) and not np.array_equal(smooth, data("nn-%d-default.wav" % seed))
PY
# the options belong together and are checked
expect_status 2 lw-render walk walk1.csv -m models/v1-mono-512.ts --buffer 2048 -o x.wav
expect_stderr "requires --like"
expect_status 2 lw-render walk walk1.csv -m models/v1-mono-512.ts --like nn~ --vector 100 -o x.wav
expect_stderr "power of two"
expect_no_file x.wav
