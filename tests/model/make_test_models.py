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
    with open(os.path.join(out, "not-torchscript.ts"), "wb") as f:
        f.write(b"PK\x03\x04 this is not a TorchScript archive\n" * 20)


if __name__ == "__main__":
    main()
