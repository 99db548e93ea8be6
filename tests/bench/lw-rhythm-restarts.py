#!/usr/bin/python3
"""Would restarts bring lw-rhythm's held-out loss within 20 % across seeds?

Reads the --json summaries that `KEEP=DIR SEEDS=30 tests/bench/lw-rhythm-seeds.sh`
keeps (DIR/SET-SEED.json; every seed holds out the same loops) and simulates
restarts from those runs: a user's run is a group of K consecutive seeds
(every seed starts one group, cyclically); the group's candidate with the
lowest held-out loss after the warm-up up to epoch S (what `--keep best`
would have kept by then) is the one trained in full, so the user gets that
seed's final held-out loss. Prints max/min of those over the groups, for
K = 2..5 and S = 20..150, and also when the best of K complete runs is
picked by its final held-out loss; then Spearman's rank correlation between
a run's early held-out loss and its final one.
Usage: tests/bench/lw-rhythm-restarts.py DIR [SET ...] (default sets: midi grooves2).
Figures only, no assertions.
"""
import glob
import json
import os
import re
import statistics
import sys

WARMUP = 5


def load(folder, name):
    runs = {}
    for path in glob.glob(os.path.join(folder, f"{name}-*.json")):
        m = re.fullmatch(rf"{re.escape(name)}-(\d+)\.json", os.path.basename(path))
        if not m:
            continue
        try:
            runs[int(m.group(1))] = json.load(open(path))
        except (OSError, ValueError):
            pass
    return runs


def final_heldout(d):
    return d["history"][d["kept_epoch"] - 1]["heldout_loss"]


def best_by(d, s):
    return min(r["heldout_loss"] for r in d["history"][WARMUP:s])


def ranks(v):
    order = sorted(range(len(v)), key=lambda i: v[i])
    r = [0] * len(v)
    for k, i in enumerate(order):
        r[i] = k
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    ma, mb = statistics.mean(ra), statistics.mean(rb)
    num = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    den = (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
    return num / den if den else float("nan")


def study(folder, name):
    runs = load(folder, name)
    if len(runs) < 4:
        print(f"{name}: {len(runs)} runs in {folder}, need at least 4")
        return
    seeds = sorted(runs)
    n = len(seeds)
    final = {s: final_heldout(runs[s]) for s in seeds}
    f = list(final.values())
    print(f"== {name}: {n} seeds; held-out loss min {min(f):.2f} median {statistics.median(f):.2f} "
          f"max {max(f):.2f}, max/min {max(f) / min(f):.3f} (no restarts)")

    def groups(k):
        return [[seeds[(g + i) % n] for i in range(k)] for g in range(n)]

    epochs = min(len(runs[s]["history"]) for s in seeds)
    for s_ep in (20, 40, 60, 80, 120, 150):
        if s_ep > epochs:
            continue
        row = []
        for k in (2, 3, 4, 5):
            got = [final[min(g, key=lambda s: best_by(runs[s], s_ep))] for g in groups(k)]
            row.append(f"K={k} {max(got) / min(got):.3f}")
        print(f"  chosen by held-out after {s_ep:3d} epochs: " + ", ".join(row))
    row = []
    for k in (2, 3):
        got = [final[min(g, key=lambda s: final[s])] for g in groups(k)]
        row.append(f"K={k} {max(got) / min(got):.3f}")
    print("  best of K complete runs by final held-out: " + ", ".join(row))
    print("  Spearman's rho, best held-out by epoch S vs final: " + ", ".join(
        f"S={s_ep} {spearman([best_by(runs[s], s_ep) for s in seeds], f):.2f}"
        for s_ep in (20, 40, 60, 80, 120, 150) if s_ep <= epochs))


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        sys.exit(2)
    for name in sys.argv[2:] or ["midi", "grooves2"]:
        study(sys.argv[1], name)


if __name__ == "__main__":
    main()
