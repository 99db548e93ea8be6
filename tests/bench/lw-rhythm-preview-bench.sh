#!/usr/bin/env bash
# lw-rhythm preview on dense MIDI (issue 14: 20,000 note-ons took 88 s): one
# file of N note-ons of ten drum pitches one tick apart (all overlapping) and
# one of N note-ons a sixteenth apart, for N = 5000, 10000, 20000. With one
# voice per class the time grows with the audio's length, not with N x the
# length of a hit. Builds nothing; usage: tests/bench/lw-rhythm-preview-bench.sh
# [BUILD_DIR]. Figures only, no assertions.
set -euo pipefail
build=${1:-build}
rhythm="$build/bin/lw-rhythm"
[ -x "$rhythm" ] || { echo "no $rhythm; build the lw-rhythm target first" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lw-rhythm-preview.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
echo "lw-rhythm preview benchmark ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ))"
for n in 5000 10000 20000; do
  /usr/bin/python3 - "$tmp" "$n" <<'PY'
import struct, sys
tmp, n = sys.argv[1], int(sys.argv[2])
def vlq(v):
    out = [v & 0x7F]; v >>= 7
    while v: out.append((v & 0x7F) | 0x80); v >>= 7
    return bytes(reversed(out))
for name, gap in (("dense", 1), ("sixteenths", 30)):  # 120 ticks per quarter
    ev = bytearray()
    for i in range(n):
        ev += vlq(0 if i == 0 else gap) + bytes([0x99, 36 + i % 10, 100])
    ev += vlq(0) + b"\xff\x2f\x00"
    open(f"{tmp}/{name}-{n}.mid", "wb").write(b"MThd" + struct.pack(">IHHH", 6, 0, 1, 120) + b"MTrk" + struct.pack(">I", len(ev)) + bytes(ev))
PY
  for kind in dense sixteenths; do
    /usr/bin/time -f '%e %U' -o "$tmp/t" "$rhythm" preview "$tmp/$kind-$n.mid" -o "$tmp/o.wav" --json >"$tmp/o.json"
    read -r wall user <"$tmp/t"
    secs=$(/usr/bin/python3 -c "import json; print(round(json.load(open('$tmp/o.json'))['seconds'], 1))")
    printf '%-11s %6d note-ons  %7.1f s of audio  wall %6.2f s  user %6.2f s\n' "$kind" "$n" "$secs" "$wall" "$user"
  done
done
