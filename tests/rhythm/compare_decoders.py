#!/usr/bin/python3
"""Largest absolute difference between two decoders' outputs at the same
latent points: A and B are JSON lists of {onsets, velocities, offsets}, each
[9][steps] (tfjs_decoder.js and `lw-rhythm decode`). Prints the figures and
exits 1 when a difference exceeds TOL or the shapes differ. Standard library only."""
import json
import sys

a, b, tol = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), float(sys.argv[3])
if len(a) != len(b):
    sys.exit(f"{len(a)} points against {len(b)}")
worst = {}
for pa, pb in zip(a, b):
    for key in ("onsets", "velocities", "offsets"):
        ra, rb = pa[key], pb[key]
        if len(ra) != 9 or len(rb) != 9 or any(len(x) != len(y) for x, y in zip(ra, rb)):
            sys.exit(f"{key}: shapes differ")
        d = max(abs(x - y) for xa, xb in zip(ra, rb) for x, y in zip(xa, xb))
        worst[key] = max(worst.get(key, 0.0), d)
# The outputs must also vary between points (a constant decoder would pass).
spread = max(abs(x - y) for xa, xb in zip(a[0]["onsets"], a[-1]["onsets"]) for x, y in zip(xa, xb))
print(f"{len(a)} points, max |difference|: " + ", ".join(f"{k} {v:.3g}" for k, v in worst.items())
      + f"; onsets vary between the first and last point by up to {spread:.3g}")
if any(v > tol for v in worst.values()) or spread < 1e-3:
    sys.exit(1)
