"""Independent forward pass of a FluCoMa-layout MLP with numpy, for checking
lw-train-explorer. Usage: numpy_forward.py MODEL.json v1,v2,...
Prints the outputs comma-separated (in the model's output units)."""
import json
import sys

import numpy as np

ACT = {0: lambda v: v, 1: lambda v: 1.0 / (1.0 + np.exp(-v)),
       2: lambda v: np.maximum(v, 0.0), 3: np.tanh}

model = json.load(open(sys.argv[1]))
x = np.array([float(v) for v in sys.argv[2].split(",")])
inputs = model.get("inputs")
if inputs:  # latentwalk scaling: [min, max] -> [0, 1]
    lo = np.array([c["min"] for c in inputs]); hi = np.array([c["max"] for c in inputs])
    span = hi - lo
    x = np.where(span > 0, (x - lo) / np.where(span > 0, span, 1), 0.5)
for layer in model["layers"]:
    W = np.array(layer["weights"], dtype=float).reshape(layer["rows"], layer["cols"])
    b = np.array(layer["biases"], dtype=float)
    x = ACT[layer["activation"]](x @ W + b)
outputs = model.get("outputs")
if outputs:
    lo = np.array([c["min"] for c in outputs]); hi = np.array([c["max"] for c in outputs])
    x = lo + x * (hi - lo)
print(",".join(repr(float(v)) for v in x))
