#!/usr/bin/env bash
# Seed study of lw-rhythm training on small sets (issue 11): trains seeds
# 1..N on testdata/midi (the 13 drum files, 25 loops) and on
# testdata/midi/grooves2 (12 files, 48 loops) and prints, per set, the
# distribution over seeds (min / median / max) of:
#   nonfinite   epochs whose loss or KL is NaN/Inf (null in the JSON history)
#   max_kl      the largest per-epoch mean KL of the run (nats per loop)
#   heldout     the final held-out loss (of the epoch whose weights are kept)
#   spread zD   standard deviation of the encoded means over the training loops
#   logvar zD   mean encoder log-variance over the training loops
#   change zD   decoded onset change per unit step along zD (sum |dp| / dz)
#   ratio       largest / smallest change over the dimensions
# and how many seeds meet each target: no non-finite epoch, max KL below
# KL_BOUND, held-out loss within 20 % (max/min <= 1.2), spread > 0.5,
# log-variance < -1, ratio <= 3 (the latent check of `train`). Every seed
# holds out the same loops (--split-seed 1), so the held-out losses compare
# training runs, not splits.
# Usage: tests/bench/lw-rhythm-seeds.sh [BUILD_DIR]; environment: SEEDS (10),
# EPOCHS (unset: train's default), JOBS (2 runs at a time, 1 thread each), KL_BOUND (100, the bound
# man/lw-rhythm.1 states),
# ARGS (extra `train` options, e.g. "--logvar-max 0 --clip 0 --warmup 0 --anchor 0
# --keep last --batch 64 --lr-final 1" for the original's training), SETS ("midi grooves2"), KEEP (a
# folder to keep every run's --json summary in, SET-SEED.json, for
# tests/bench/lw-rhythm-restarts.py). Figures only, no assertions.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-build}
rhythm="$build/bin/lw-rhythm"
[ -x "$rhythm" ] || { echo "no $rhythm; build the lw-rhythm target first" >&2; exit 2; }
seeds=${SEEDS:-10}
epochs=${EPOCHS:-}
jobs=${JOBS:-2}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-rhythm-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "lw-rhythm seed study: seeds 1..$seeds, ${epochs:-default} epochs, train ${ARGS:-(defaults)} ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ))"
for set in ${SETS:-midi grooves2}; do
  case $set in
    midi) files=$(ls "$here"/testdata/midi/*.mid | grep -v no-drums.mid) ;;
    grooves2) files=$(ls "$here"/testdata/midi/grooves2/*.mid) ;;
    *) echo "unknown set $set" >&2; exit 2 ;;
  esac
  start=$(date +%s)
  # shellcheck disable=SC2086
  seq 1 "$seeds" | xargs -P "$jobs" -I{} sh -c \
    "'$rhythm' train $(echo $files) -o '$tmp/$set-{}.lwr' --seed {} --split-seed 1 ${epochs:+--epochs $epochs} --threads 1 ${ARGS:-} --json -q > '$tmp/$set-{}.json' || true"
  echo "== $set ($(echo "$files" | wc -l) files, $(( $(date +%s) - start )) s wall)"
  /usr/bin/python3 - "$tmp" "$set" "$seeds" "${KL_BOUND:-100}" <<'PY'
import json, math, statistics, sys
tmp, name, seeds, bound = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
rows = []
for s in range(1, seeds + 1):
    try:
        d = json.load(open(f"{tmp}/{name}-{s}.json"))
    except Exception as e:
        print(f"seed {s}: no result ({e})"); continue
    h = d["history"]
    bad = sum(1 for r in h if any(r.get(k) is None or not math.isfinite(r[k]) for k in ("loss", "kl")))
    kls = [r["kl"] for r in h if r.get("kl") is not None]
    lc = d["metrics"]["latent_check"]
    r = {"seed": s, "nonfinite": bad, "max_kl": max(kls) if kls else float("nan"),
         "heldout": h[d.get("kept_epoch", len(h)) - 1].get("heldout_loss", float("nan")), "ratio": lc["variation_ratio"] or float("inf"),
         "collapsed": lc["collapsed"]}
    for k, dim in enumerate(lc["dims"]):
        r[f"spread z{k+1}"] = dim["spread"]; r[f"logvar z{k+1}"] = dim["mean_logvar"]; r[f"change z{k+1}"] = dim["variation"]
    rows.append(r)
keys = [k for k in rows[0] if k not in ("seed", "collapsed")]
print("seed " + " ".join(f"{k:>10}" for k in keys))
for r in rows:
    print(f"{r['seed']:4d} " + " ".join(f"{r[k]:10.3f}" for k in keys) + ("  collapsed" if r["collapsed"] else ""))
print("min  " + " ".join(f"{min(r[k] for r in rows):10.3f}" for k in keys))
print("med  " + " ".join(f"{statistics.median(r[k] for r in rows):10.3f}" for k in keys))
print("max  " + " ".join(f"{max(r[k] for r in rows):10.3f}" for k in keys))
ho = [r["heldout"] for r in rows]
n = len(rows)
dims = sorted({k.split()[1] for k in keys if k.startswith("spread")})
print(f"targets met: finite {sum(r['nonfinite'] == 0 for r in rows)}/{n}, max KL < {bound:g} "
      f"{sum(r['max_kl'] < bound for r in rows)}/{n}, held-out max/min {max(ho) / min(ho):.3f} (<= 1.2: "
      f"{'yes' if max(ho) / min(ho) <= 1.2 else 'no'}), "
      + ", ".join(f"spread {d} {sum(r['spread ' + d] > 0.5 for r in rows)}/{n}, logvar {d} {sum(r['logvar ' + d] < -1 for r in rows)}/{n}" for d in dims)
      + f", ratio <= 3 {sum(r['ratio'] <= 3 for r in rows)}/{n}, latent check passed {sum(not r['collapsed'] for r in rows)}/{n}")
PY
  if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$tmp/$set"-*.json "$KEEP"/; fi
done
