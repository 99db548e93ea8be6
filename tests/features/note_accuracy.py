#!/usr/bin/python3
"""Ambitus and density of lw-features against the known notes of a rendered
phrase (testdata/sax/<take>.notes.csv).

Usage: note_accuracy.py FEATURES.csv NOTES.csv [--ambitus-tol 1] [--density-tol 0.15]
       [--min-ambitus-ok 0.9] [--min-density-ok 0.9] [--check]

At every note position (the middle of each played note) the truth is:
  ambitus = max - min of the MIDI pitches of the last 5 notes started so far
            (the note itself included; fewer at the start of the phrase);
  density = the true note rate: 1 / the mean inter-onset interval of the last
            5 notes (from the 2nd note on).
Prints one line per phrase: positions, the share within tolerance and the
worst/median errors. With --check exits 1 unless both shares reach the minimum.
"""
import argparse, csv, sys
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("features"); ap.add_argument("notes")
ap.add_argument("--ambitus-tol", type=float, default=1.0)
ap.add_argument("--density-tol", type=float, default=0.15)
ap.add_argument("--min-ok", type=float, default=0.9)
ap.add_argument("--last", type=int, default=5)
ap.add_argument("--check", action="store_true")
ap.add_argument("--name", default="")
a = ap.parse_args()

rows = list(csv.reader(l for l in open(a.features) if not l.startswith("#")))
head, data = rows[0], np.array([[float(v) for v in r] for r in rows[1:]])
t = data[:, head.index("time")]
amb = data[:, head.index("ambitus")]
den = data[:, head.index("density")]
notes = np.loadtxt(a.notes, delimiter=",", skiprows=1, ndmin=2)
on, off, pitch = notes[:, 0], notes[:, 1], notes[:, 2]

amb_err, den_err = [], []
for i in range(len(on)):
    at = 0.5 * (on[i] + off[i])
    f = int(np.argmin(np.abs(t - at)))
    lo = max(0, i - a.last + 1)
    true_amb = pitch[lo:i + 1].max() - pitch[lo:i + 1].min()
    amb_err.append(abs(amb[f] - true_amb))
    if i >= 1:
        true_rate = (i - lo) / (on[i] - on[lo]) if i > lo else None
        if true_rate:
            den_err.append(abs(den[f] - true_rate) / true_rate)
amb_err, den_err = np.array(amb_err), np.array(den_err)
amb_ok = float(np.mean(amb_err <= a.ambitus_tol + 1e-9))
den_ok = float(np.mean(den_err <= a.density_tol + 1e-9))
print(f"{a.name or a.features}: notes {len(on)}; ambitus within {a.ambitus_tol:g} st at "
      f"{100 * amb_ok:.0f}% (median err {np.median(amb_err):.2f}, max {amb_err.max():.2f} st); "
      f"density within {100 * a.density_tol:.0f}% at {100 * den_ok:.0f}% "
      f"(median err {100 * np.median(den_err):.1f}%, max {100 * den_err.max():.1f}%)")
if a.check and (amb_ok < a.min_ok or den_ok < a.min_ok):
    sys.exit(1)
