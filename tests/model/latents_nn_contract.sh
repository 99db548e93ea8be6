# An exported built-in model passes the checks nn~'s loader and perform()
# make (acids-ircam/nn_tilde src/backend/backend.cpp: get_methods() or
# *_params buffers, four ints per method, get_higher_ratio; perform():
# input reshaped to [in_dim, batches, n / in_ratio, in_ratio] and the last
# sample of each ratio block taken, output repeat_interleave(out_ratio) and
# n_vec samples expected), in Python's torch; and `forward` (what nn~ calls
# when a patch names no method) is encode then decode.
for name in voices voices-stereo; do
  expect_status 0 lw-render export "builtin:$name" -o "$name.ts"
  lw-render inspect "$name.ts" > inspect.txt
  grep -Eq "^  forward: \[[12], 1, [12], 1\]" inspect.txt || fail "inspect shows no forward for $name"
  /usr/bin/python3 - "$name.ts" <<'PY' || fail "nn~ contract checks failed for $name"
import sys, torch
m = torch.jit.load(sys.argv[1])
m.eval()
methods = m.get_methods()
assert isinstance(methods, list) and all(isinstance(x, str) for x in methods), methods
assert "forward" in methods, methods
assert isinstance(m.sr, int) and m.sr == 48000
higher = 1
params = {}
for name in methods:
    p = getattr(m, name + "_params")          # backend: attr(name + "_params").toTensor()
    assert isinstance(p, torch.Tensor) and p.numel() == 4, (name, p)
    params[name] = [int(v) for v in p]
    higher = max(higher, params[name][1], params[name][3])
buffer = 4096                                 # nn~'s DEFAULT_BUFFER_SIZE
assert higher <= buffer, higher
for name in methods:
    in_dim, in_ratio, out_dim, out_ratio = params[name]
    n_vec = buffer
    x = torch.randn(in_dim, n_vec)
    # perform(): [in_dim * batches, n] -> [in_dim, 1, n / in_ratio, in_ratio] -> last sample -> [1, in_dim, frames]
    t = x.reshape(in_dim, 1, -1, in_ratio).select(-1, -1).permute(1, 0, 2)
    if name == "prior":
        t = t.abs()
    with torch.inference_mode():
        y = getattr(m, name)(t)
    assert y.dim() == 3 and y.shape[0] == 1 and y.shape[1] == out_dim, (name, y.shape)
    y = y.repeat_interleave(out_ratio).reshape(1, out_dim, -1)
    assert y.shape[2] == n_vec, (name, y.shape, n_vec)   # "model output size is not consistent"
    assert torch.isfinite(y).all(), name
# forward is encode then decode: same samples with the same seed
x = 0.3 * torch.sin(torch.arange(8192) * 0.05).reshape(1, 1, -1).repeat(1, params["forward"][0], 1)
torch.manual_seed(7)
a = m.forward(x)
torch.manual_seed(7)
b = m.decode(m.encode(x))
assert torch.equal(a, b)
assert a.shape == (1, params["forward"][2], 8192) and a.abs().max() > 1e-3
print("nn~ contract ok:", sys.argv[1], params)
PY
done
