#!/usr/bin/python3
"""Writes a TorchScript decoder with the size and compute of a RAVE v2 model
(about 30 M parameters of 1-D convolutions, ratio 2048 at 48 kHz, mono),
untrained, for lw-render's benchmark. Usage: make_rave_sized_model.py OUT.ts

Layout after RAVE v2's decoder (Caillon & Esling 2021): latent -> dilated
residual convolutions -> four transposed-convolution upsampling stages
(x4 x4 x4 x2) with residual units -> 16 bands -> a transposed convolution
(x16, standing in for the inverse PQMF). Like RAVE, decode appends random
dimensions to the latent, so the output depends on torch's seed."""
import sys
from typing import List

import torch
from torch import nn


class Residual(nn.Module):
    def __init__(self, c: int, dilation: int):
        super().__init__()
        self.conv = nn.Conv1d(c, c, 3, dilation=dilation, padding=dilation)
        self.mix = nn.Conv1d(c, c, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.mix(torch.nn.functional.leaky_relu(self.conv(torch.nn.functional.leaky_relu(x, 0.2)), 0.2))


class Decoder(nn.Module):
    def __init__(self, latent: int = 8, noise_dims: int = 8, base: int = 1536):
        super().__init__()
        self.latent = latent
        self.noise_dims = noise_dims
        self.sr = 48000
        self.register_buffer("decode_params", torch.tensor([latent, 2048, 1, 1]))
        layers: List[nn.Module] = [nn.Conv1d(latent + noise_dims, base, 3, padding=1)]
        layers += [Residual(base, 1)]
        c = base
        for r in (4, 4, 4, 2):
            layers.append(nn.ConvTranspose1d(c, c // 2, 2 * r, stride=r, padding=r // 2))
            c //= 2
            layers += [Residual(c, d) for d in (1, 3, 9)]
        layers.append(nn.Conv1d(c, 16, 3, padding=1))
        self.net = nn.Sequential(*layers)
        self.synth = nn.ConvTranspose1d(16, 1, 32, stride=16, padding=8)

    @torch.jit.export
    def get_methods(self) -> List[str]:
        return ["decode"]

    @torch.jit.export
    def decode(self, z: torch.Tensor) -> torch.Tensor:
        noise = torch.randn(z.shape[0], self.noise_dims, z.shape[2])
        x = self.net(torch.cat([z, noise], 1))
        return torch.tanh(self.synth(x))


def main() -> None:
    torch.manual_seed(0)
    m = Decoder().eval()
    n = sum(p.numel() for p in m.parameters())
    with torch.no_grad():
        y = m.decode(torch.zeros(1, 8, 5))
    assert y.shape == (1, 1, 5 * 2048), y.shape
    torch.jit.script(m).save(sys.argv[1])
    print(f"{sys.argv[1]}: {n / 1e6:.1f} M parameters")


if __name__ == "__main__":
    main()
