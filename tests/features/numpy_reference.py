#!/usr/bin/python3
"""Independent numpy implementation of lw-features' spectral shape, RMS and
K-weighted loudness formulas (see man/lw-features.1), run on the same frames.

Usage: numpy_reference.py AUDIO.wav FEATURES.csv [--power] [--midi]
         [--min-freq HZ] [--max-freq HZ] [--rolloff P] [--kweight]
Compares every frame of every column of FEATURES.csv (written by
`lw-features extract ... -o FEATURES.csv`) with the reference and exits 1
when any value differs by more than 1e-6 relative (1e-12 absolute for
values below 1e-6 in magnitude).
"""
import argparse
import sys
import wave

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("audio")
ap.add_argument("csv", help="lw-features CSV to compare, or - to only compute (benchmark)")
ap.add_argument("--window", type=int, default=1024)
ap.add_argument("--hop", type=int, default=512)
ap.add_argument("--fft", type=int, default=1024)
ap.add_argument("--power", action="store_true")
ap.add_argument("--midi", action="store_true")
ap.add_argument("--min-freq", type=float, default=0.0)
ap.add_argument("--max-freq", type=float, default=0.0)
ap.add_argument("--rolloff", type=float, default=95.0)
ap.add_argument("--kweight", action="store_true")
a = ap.parse_args()

with wave.open(a.audio, "rb") as w:
    assert w.getsampwidth() == 2 and w.getnchannels() == 1
    sr = w.getframerate()
    x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64) / 32768.0

W, H, N = a.window, a.hop, a.fft
nframes = len(x) // H + 1


hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(W) / W)


def frames_of(sig, start=0, stop=None):
    """Frames start..stop-1 (centred on k*hop, zeros outside the signal)."""
    stop = nframes if stop is None else stop
    lo_s = start * H - W // 2
    hi_s = (stop - 1) * H - W // 2 + W
    seg = np.zeros(hi_s - lo_s)
    a, b = max(lo_s, 0), min(hi_s, len(sig))
    if b > a:
        seg[a - lo_s:b - lo_s] = sig[a:b]
    idx = np.arange(stop - start)[:, None] * H + np.arange(W)[None, :]
    return seg[idx]


import time
t_start = time.perf_counter()
CHUNK = 4096                      # frames per block: memory stays bounded
mag = np.empty((nframes, N // 2 + 1))
ms_plain = np.empty(nframes)
for s0 in range(0, nframes, CHUNK):
    fr = frames_of(x, s0, min(nframes, s0 + CHUNK))
    mag[s0:s0 + len(fr)] = np.abs(np.fft.rfft(fr * hann, n=N, axis=1))
    ms_plain[s0:s0 + len(fr)] = (fr ** 2).mean(axis=1)

# spectral shape, after flucoma-core's SpectralShape (man/lw-features.1)
eps = np.finfo(np.float64).eps
nb = N // 2 + 1
bin_hz = sr / ((nb - 1) * 2.0)
top = min(a.max_freq, sr / 2) if a.max_freq > 0 else sr / 2
min_bin = int(np.ceil(a.min_freq / bin_hz))
max_bin = min(int(np.floor(top / bin_hz)), nb - 1)
mag = np.maximum(mag, eps)                      # floor first, every bin
if max_bin > min_bin and a.midi and min_bin == 0:
    min_bin = 1
    mag[:, 1] += mag[:, 0]                      # DC joins bin 1
size = max_bin - min_bin                        # bins min_bin .. max_bin-1
ref = {}
if size <= 0:
    for name in ("centroid", "spread", "skewness", "kurtosis", "rolloff", "flatness", "crest"):
        ref[name] = np.zeros(nframes)
else:
    amp = mag[:, min_bin:max_bin]
    if a.power:
        amp = amp ** 2
    # size points from min_bin*bin_hz to max_bin*bin_hz inclusive (Eigen's
    # LinSpaced; one point is the upper end)
    f = np.linspace(min_bin * bin_hz, max_bin * bin_hz, size) if size > 1 else np.array([max_bin * bin_hz])
    if a.midi:
        f = 69 + 12 * np.log2(f / 440.0)
    S = amp.sum(axis=1)
    c = amp @ f / S
    d = f[None, :] - c[:, None]
    var = (amp * d ** 2).sum(axis=1) / S
    with np.errstate(divide="ignore", invalid="ignore"):
        skew = np.where(var > 0, (amp * d ** 3).sum(axis=1) / (var ** 1.5 * S), 0.0)
        kurt = np.where(var > 0, (amp * d ** 4).sum(axis=1) / (var ** 2 * S), 0.0)
    mean = amp.mean(axis=1)
    # geometric / arithmetic mean, as the mean log of amp relative to its mean
    flat = np.exp(np.log(amp / mean[:, None]).mean(axis=1))
    crest = amp.max(axis=1) / mean
    # rolloff: first bin where the running sum reaches the target, then back
    # from that bin's frequency by the overshoot's share of the bin
    cum = np.cumsum(amp, axis=1)
    target = S * a.rolloff / 100.0
    reached = cum >= target[:, None]
    k = np.where(reached.any(axis=1), reached.argmax(axis=1), size - 1)
    rows = np.arange(nframes)
    over = np.where(reached[rows, k], cum[rows, k] - target, 0.0)
    prevf = f[np.maximum(k - 1, 0)]
    roll = np.where(k == 0, f[0], f[k] - (f[k] - prevf) * over / amp[rows, k])
    ref["centroid"] = c
    ref["spread"] = np.sqrt(var)
    ref["skewness"] = skew
    ref["kurtosis"] = kurt
    ref["rolloff"] = roll
    ref["flatness"] = 20 * np.log10(np.maximum(flat, eps))
    ref["crest"] = 20 * np.log10(np.maximum(crest, eps))

# loudness
if a.kweight:
    # ITU-R BS.1770-4 K-weighting, analog-prototype parameters as in libebur128
    f0, G, Q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    K = np.tan(np.pi * f0 / sr)
    Vh = 10 ** (G / 20)
    Vb = Vh ** 0.4996667741545416
    a0 = 1 + K / Q + K * K
    b1 = [(Vh + Vb * K / Q + K * K) / a0, 2 * (K * K - Vh) / a0, (Vh - Vb * K / Q + K * K) / a0]
    a1 = [1, 2 * (K * K - 1) / a0, (1 - K / Q + K * K) / a0]
    f0, Q = 38.13547087602444, 0.5003270373238773
    K = np.tan(np.pi * f0 / sr)
    a0 = 1 + K / Q + K * K
    b2 = [1, -2, 1]
    a2 = [1, 2 * (K * K - 1) / a0, (1 - K / Q + K * K) / a0]

    def biquad(b, aa, s):
        y = np.empty_like(s)
        x1 = x2 = y1 = y2 = 0.0
        for i, v in enumerate(s):   # direct form I: same filter, another structure
            out = b[0] * v + b[1] * x1 + b[2] * x2 - aa[1] * y1 - aa[2] * y2
            x2, x1, y2, y1 = x1, v, y1, out
            y[i] = out
        return y

    # lw-features stores the filtered stream as float32 before framing
    xk = biquad(b2, a2, biquad(b1, a1, x)).astype(np.float32).astype(np.float64)
    ms = (frames_of(xk) ** 2).mean(axis=1)
    offset = -0.691
else:
    ms = ms_plain
    offset = 0.0
with np.errstate(divide="ignore"):
    loud = np.where(ms > 0, offset + 10 * np.log10(ms), -144.0)
ref["loudness"] = np.maximum(loud, -144.0)

# compare
if a.csv == "-":
    print(f"numpy reference: {nframes} frames, spectral shape + loudness in "
          f"{time.perf_counter() - t_start:.3f} s")
    sys.exit(0)
lines = [l for l in open(a.csv) if not l.startswith("#")]
header = lines[0].strip().split(",")
data = np.array([[float(v) for v in l.split(",")] for l in lines[1:]])
assert data.shape[0] == nframes, f"{data.shape[0]} frames in {a.csv}, reference has {nframes}"
assert np.allclose(data[:, 0], np.arange(nframes) * H / sr, rtol=0, atol=1e-12), "frame times"
worst = 0.0
bad = 0
compared = []
for j, name in enumerate(header[1:], start=1):
    if name not in ref:
        continue
    compared.append(name)
    ours, theirs = data[:, j], ref[name]
    # relative to the reference; values below 1e-6 in magnitude (a silent
    # frame's skewness is 0 up to rounding, +-2e-15) are compared absolutely
    # at 1e-12
    err = np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-6)
    i = int(np.argmax(err))
    worst = max(worst, float(err[i]))
    if err[i] > 1e-6:
        bad += 1
        print(f"{name}: frame {i}: lw-features {ours[i]!r} numpy {theirs[i]!r} (relative {err[i]:.3g})")
print(f"{len(compared)} features x {nframes} frames compared ({', '.join(compared)}); "
      f"largest relative difference {worst:.3g}")
sys.exit(1 if bad or not compared else 0)
