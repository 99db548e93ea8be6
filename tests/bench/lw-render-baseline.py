#!/usr/bin/python3
"""Plain Python baseline for lw-render's benchmark: the walk's x, y, z
(linear interpolation at the model's latent frame rate) as latent dimensions
0, 1, 2 -- lw-render's default mapping -- decoded in one call with
torch.jit.load(model).decode(z), Debian's python3-torch.
Usage: lw-render-baseline.py MODEL WALK.csv THREADS OUT.f32
Prints a JSON line: duration, decode seconds, total seconds."""
import json
import math
import sys
import time

start = time.perf_counter()
import numpy  # noqa: E402
import torch  # noqa: E402

model_path, walk_path, threads, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
torch.set_num_threads(threads)
m = torch.jit.load(model_path)
sr = int(m.sr)
latent, ratio = int(m.decode_params[0]), int(m.decode_params[1])
walk = numpy.loadtxt(walk_path, delimiter=",", skiprows=1, ndmin=2)
t = walk[:, 0]
duration = t[-1] - t[0]
out_frames = max(1, round(duration * sr))
frames = math.ceil(out_frames / ratio)
tk = t[0] + numpy.arange(frames) * ratio / sr
z = torch.zeros(1, latent, frames)
for d in range(3):
    z[0, d] = torch.from_numpy(numpy.interp(tk, t, walk[:, 1 + d])).float()
torch.manual_seed(0)
t0 = time.perf_counter()
with torch.inference_mode():
    y = m.decode(z)
decode = time.perf_counter() - t0
y[0, :, :out_frames].transpose(0, 1).contiguous().numpy().tofile(out_path)
print(json.dumps({"duration": duration, "decode_s": decode, "total_s": time.perf_counter() - start}))
