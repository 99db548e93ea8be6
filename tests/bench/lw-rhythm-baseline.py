#!/usr/bin/python3
"""Python baseline for tests/bench/lw-rhythm-bench.sh: the same rhythm VAE
(M4L.RhythmVAE architecture as lw-rhythm builds it), the same data (two-bar
loops of drum MIDI on a 32-step grid, Magenta's reduced drum map, loops with
fewer than 5 onsets dropped), the same loss, Adam lr 1e-3, batch 64, in
Debian's python3-torch. Prints the training time and throughput as JSON.

usage: lw-rhythm-baseline.py --threads N --epochs 150 FILE.mid...
"""
import argparse
import json
import math
import random
import time

import mido
import torch
import torch.nn as nn
import torch.nn.functional as F

MAGENTA = [[36, 35], [38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85],
           [42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22], [46, 67, 72, 74, 79, 81, 26],
           [45, 29, 41, 43, 61, 64, 84], [48, 47, 60, 63, 77, 86, 87], [50, 30, 62, 76, 83],
           [49, 52, 55, 57, 58], [51, 53, 59, 82]]
CLASS = {p: c for c, ps in enumerate(MAGENTA) for p in ps}
STEPS = 32


def loops_of(path):
    m = mido.MidiFile(path)
    tps = m.ticks_per_beat / 4.0
    loops = {}
    for tr in m.tracks:
        t = 0
        for msg in tr:
            t += msg.time
            if msg.type != "note_on" or msg.velocity == 0 or msg.channel != 9 or msg.note not in CLASS:
                continue
            pos = t / tps
            near = math.floor(pos + 0.5)
            loop, step = divmod(near, STEPS)
            cell = step * 9 + CLASS[msg.note]
            on, vel, off = loops.setdefault(loop, ([0.0] * STEPS * 9, [0.0] * STEPS * 9, [0.0] * STEPS * 9))
            v = msg.velocity / 127.0
            if on[cell] and v <= vel[cell]:
                continue
            on[cell], vel[cell], off[cell] = 1.0, v, (pos - near) * 2
    return [l for _, l in sorted(loops.items()) if sum(l[0]) >= 5]


def block(i, o):
    return nn.Sequential(nn.Linear(i, o), nn.BatchNorm1d(o, eps=1e-3, momentum=0.1), nn.LeakyReLU(0.3))


class VAE(nn.Module):
    def __init__(self, d, latent=2):
        super().__init__()
        self.e_on, self.e_vel, self.e_off = block(d, 512), block(d, 512), block(d, 512)
        self.e_h = block(1536, 512)
        self.mu, self.logvar = nn.Linear(512, latent), nn.Linear(512, latent)
        self.d_h = block(latent, 1024)
        self.d_on, self.d_vel, self.d_off = block(1024, 512), block(1024, 512), block(1024, 512)
        self.o_on, self.o_vel, self.o_off = nn.Linear(512, d), nn.Linear(512, d), nn.Linear(512, d)
        for mod in self.modules():
            if isinstance(mod, nn.Linear):
                nn.init.xavier_uniform_(mod.weight)
                nn.init.zeros_(mod.bias)

    def forward(self, on, vel, off):
        h = self.e_h(torch.cat([self.e_on(on), self.e_vel(vel), self.e_off(off)], 1))
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        h = self.d_h(z)
        return self.o_on(self.d_on(h)), torch.sigmoid(self.o_vel(self.d_vel(h))), \
            torch.tanh(self.o_off(self.d_off(h))), mu, logvar


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=150)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    loops = [l for f in sorted(a.files) for l in loops_of(f)]
    on = torch.tensor([l[0] for l in loops])
    vel = torch.tensor([l[1] for l in loops])
    off = torch.tensor([l[2] for l in loops])
    n = len(loops)
    model = VAE(STEPS * 9)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    rng = random.Random(a.seed)
    start = time.perf_counter()
    for epoch in range(a.epochs):
        model.train()
        order = list(range(n))
        rng.shuffle(order)
        total = 0.0
        for b in range(0, n, a.batch):
            idx = torch.tensor(order[b:b + a.batch])
            if len(idx) < 2:
                break
            x_on, x_vel, x_off = on[idx], vel[idx], off[idx]
            logits, p_vel, p_off, mu, logvar = model(x_on, x_vel, x_off)
            k = len(idx)
            loss = (F.binary_cross_entropy_with_logits(logits, x_on, reduction="sum")
                    + 2.5 * ((p_vel - x_vel) ** 2).sum() + 5.0 * ((p_off - x_off) ** 2).sum()
                    - 0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum()) / k
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * k
    seconds = time.perf_counter() - start
    print(json.dumps({"implementation": "python3-torch " + torch.__version__, "threads": a.threads, "loops": n,
                      "epochs": a.epochs, "seconds": seconds, "final_loss": total / n,
                      "throughput_loops_epochs_per_s": n * a.epochs / seconds}))


if __name__ == "__main__":
    main()
