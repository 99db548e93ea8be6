#!/usr/bin/python3
"""Writes small TorchScript models in the nn~ / RAVE export contract, and
broken ones, for lw-render's tests. Usage: make_test_models.py OUT_DIR

Models are deterministic functions of a fixed seed. Run with Debian's
python3-torch (/usr/bin/python3)."""
import os
import sys
from typing import List

import torch
from torch import nn


class ConvDecoder(nn.Module):
    """Nearest upsampling of the latent to audio rate, then a 1-D convolution
    (receptive field of one latent frame each side) and tanh: a decoder with
    finite context, so blocks decoded with overlap match a one-shot decode."""

    def __init__(self, latent: int, channels: int, ratio: int, sr: int, v1: bool, noise: float):
        super().__init__()
        self.ratio = ratio
        self.noise = noise
        self.conv = nn.Conv1d(latent, channels, 2 * (ratio // 8) + 1, padding=ratio // 8)
        self.register_buffer("decode_params", torch.tensor([latent, ratio, channels, 1]))
        if v1:
            self.register_buffer("sampling_rate", torch.tensor(sr))
        else:
            self.sr = sr

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        x = torch.repeat_interleave(z, self.ratio, dim=2)
        y = torch.tanh(self.conv(x) * 0.5)
        if self.noise > 0:
            # like RAVE: random values drawn inside decode
            y = y + self.noise * torch.randn_like(y)
        return y


class V2Full(ConvDecoder):
    """v2-style (int attribute sr, get_methods) with encode and prior."""

    def __init__(self, latent: int, channels: int, ratio: int, sr: int, noise: float):
        super().__init__(latent, channels, ratio, sr, False, noise)
        self.enc = nn.Conv1d(channels, latent, 1)
        self.register_buffer("encode_params", torch.tensor([channels, 1, latent, ratio]))
        self.register_buffer("prior_params", torch.tensor([1, ratio, latent, ratio]))
        self.latent = latent

    @torch.jit.export
    def get_methods(self) -> List[str]:
        return ["encode", "decode", "prior"]

    @torch.jit.export
    def encode(self, x: torch.Tensor) -> torch.Tensor:
        b, c, n = x.shape
        frames = n // self.ratio
        f = x[:, :, : frames * self.ratio].reshape(b, c, frames, self.ratio)
        return 3.0 * torch.tanh(self.enc(torch.sqrt(torch.mean(f * f, dim=3) + 1e-9) * 10.0))

    @torch.jit.export
    def prior(self, temperature: torch.Tensor) -> torch.Tensor:
        b, c, t = temperature.shape
        return temperature.repeat(1, self.latent, 1) * torch.randn(b, self.latent, t)


class NoDecode(nn.Module):
    def __init__(self):
        super().__init__()
        self.sr = 48000
        self.register_buffer("encode_params", torch.tensor([1, 1, 8, 2048]))

    @torch.jit.export
    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return x[:, :, ::2048].repeat(1, 8, 1)


class BadParams(nn.Module):
    def __init__(self):
        super().__init__()
        self.sr = 48000
        self.register_buffer("decode_params", torch.tensor([8, 2048, 1]))

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return torch.zeros(z.shape[0], 1, z.shape[2] * 2048)


class BadShape(nn.Module):
    """decode_params promise ratio 2048 but decode returns half as many samples."""

    def __init__(self):
        super().__init__()
        self.sr = 48000
        self.register_buffer("decode_params", torch.tensor([8, 2048, 1, 1]))

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return torch.zeros(z.shape[0], 1, z.shape[2] * 1024)


class NoRate(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("decode_params", torch.tensor([8, 2048, 1, 1]))

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return torch.zeros(z.shape[0], 1, z.shape[2] * 2048)


class DecodeFails(nn.Module):
    """Params say 8 latent dimensions, the convolution takes 4: decode raises."""

    def __init__(self):
        super().__init__()
        self.sr = 44100
        self.conv = nn.Conv1d(4, 1, 1)
        self.register_buffer("decode_params", torch.tensor([8, 512, 1, 1]))

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.conv(torch.repeat_interleave(z, 512, dim=2))


class CachedPadding(nn.Module):
    """Cached padding as in a streaming RAVE export (cached_conv's
    CachedPadding1d): each call prepends the last `padding` samples of the
    previous call (zeros at first) and keeps its own end for the next one, a
    state held in the buffer `pad`."""

    def __init__(self, channels: int, padding: int):
        super().__init__()
        self.padding = padding
        self.register_buffer("pad", torch.zeros(1, channels, padding))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.cat([self.pad[: x.shape[0]], x], -1)
        self.pad[: x.shape[0]].copy_(x[..., -self.padding:])
        return x


class StreamingDecoder(nn.Module):
    """The streaming twin of a ConvDecoder: the same convolution made causal
    by a cached padding of 2P instead of P zeros each side, so decoding in
    consecutive calls gives the one-shot output of the twin delayed by P
    samples (the export's internal delay)."""

    def __init__(self, twin: ConvDecoder, sr: int, noise: float):
        super().__init__()
        self.ratio = twin.ratio
        self.noise = noise
        k = twin.conv.kernel_size[0]
        self.conv = nn.Conv1d(twin.conv.in_channels, twin.conv.out_channels, k)
        self.conv.load_state_dict(twin.conv.state_dict())
        self.cache = CachedPadding(twin.conv.in_channels, k - 1)
        self.register_buffer("decode_params", twin.decode_params.clone())
        self.sr = sr

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        x = self.cache(torch.repeat_interleave(z, self.ratio, dim=2))
        y = torch.tanh(self.conv(x) * 0.5)
        if self.noise > 0:
            y = y + self.noise * torch.randn_like(y)
        return y


def streaming_pair(latent: int, ratio: int, half: int, sr: int, noise: float, symmetric: bool):
    """(non-streaming ConvDecoder with a kernel of 2 * half + 1, its streaming twin: delay `half`)."""
    twin = ConvDecoder(latent, 1, ratio, sr, False, 0.0)
    twin.conv = nn.Conv1d(latent, 1, 2 * half + 1, padding=half)
    with torch.no_grad():
        w = torch.randn_like(twin.conv.weight) / (latent * (2 * half + 1)) ** 0.5 * 3
        if symmetric:  # linear phase: the impulse response is centred, the delay exactly measurable
            w = (w + w.flip(-1)) / 2
        twin.conv.weight.copy_(w)
    return twin, StreamingDecoder(twin, sr, noise)


class NanDecoder(nn.Module):
    """A decoder that returns NaN from latent frame 5 on (a broken export)."""

    def __init__(self):
        super().__init__()
        self.sr = 48000
        self.register_buffer("decode_params", torch.tensor([4, 512, 1, 1]))

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        y = torch.repeat_interleave(torch.tanh(z[:, :1]), 512, dim=2) * 0.1
        y[:, :, 5 * 512 + 17:] = float("nan")
        return y


def save(module: nn.Module, path: str) -> None:
    torch.jit.script(module.eval()).save(path)


def main() -> None:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(1234)
    save(ConvDecoder(8, 1, 512, 44100, True, 0.0), os.path.join(out, "v1-mono-512.ts"))
    save(ConvDecoder(4, 2, 2048, 48000, False, 0.0), os.path.join(out, "v2-stereo-2048.ts"))
    save(V2Full(8, 1, 2048, 48000, 0.05), os.path.join(out, "v2-mono-full.ts"))
    save(NoDecode(), os.path.join(out, "no-decode.ts"))
    save(BadParams(), os.path.join(out, "bad-params.ts"))
    save(BadShape(), os.path.join(out, "bad-shape.ts"))
    save(NoRate(), os.path.join(out, "no-rate.ts"))
    save(DecodeFails(), os.path.join(out, "decode-fails.ts"))
    # streaming exports and their non-streaming twins (delays 64 and 300 samples)
    twin, stream = streaming_pair(8, 512, 64, 44100, 0.0, True)
    save(twin, os.path.join(out, "twin-512.ts"))
    save(stream, os.path.join(out, "streaming-512.ts"))
    twin, stream = streaming_pair(4, 256, 300, 48000, 0.0, True)
    save(twin, os.path.join(out, "twin-256.ts"))
    save(stream, os.path.join(out, "streaming-256.ts"))
    _, stream = streaming_pair(8, 512, 64, 44100, 0.05, False)  # asymmetric kernel, noise drawn in decode
    save(stream, os.path.join(out, "streaming-noisy.ts"))
    save(NanDecoder(), os.path.join(out, "nan.ts"))
    with open(os.path.join(out, "not-torchscript.ts"), "wb") as f:
        f.write(b"PK\x03\x04 this is not a TorchScript archive\n" * 20)


if __name__ == "__main__":
    main()
