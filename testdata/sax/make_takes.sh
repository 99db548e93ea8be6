#!/usr/bin/env bash
# Regenerates the saxophone takes in testdata/sax/ (see testdata/README.md):
# writes each take as a Standard MIDI File with mido, renders it with
# fluidsynth and the FluidR3 GM soundfont (GM program 66, Alto Sax), mixes the
# stereo render to mono 16-bit 44.1 kHz, and writes <take>.notes.csv with the
# played notes (onset_s,offset_s,midi,velocity) so tests know the answers.
# Usage: testdata/sax/make_takes.sh [OUTDIR]   (default: this script's dir)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
sf2=/usr/share/sounds/sf2/FluidR3_GM.sf2
[ -r "$sf2" ] || { echo "make_takes.sh: missing $sf2 (apt-get install fluid-soundfont-gm)" >&2; exit 2; }
command -v fluidsynth >/dev/null || { echo "make_takes.sh: fluidsynth not installed" >&2; exit 2; }
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$out" <<'PY'
import sys, mido
out = sys.argv[1]
TPB, TEMPO = 480, 500000            # 120 bpm: 1 beat = 0.5 s, 1 tick = 1/960 s

def sec(t):
    return int(round(t * 960))

# Each take: list of (onset_s, duration_s, midi_note, velocity).
takes = {
    # Sustained notes of known pitch (A3 C4 E4 G4 B4 D5), 0.8 s each, 0.1 s gaps.
    "phrase": [(0.1 + 0.9 * i, 0.8, n, 90) for i, n in enumerate([57, 60, 64, 67, 71, 74])],
    # Three low long notes (D3 F3 E3), 1.4 s each.
    "low_slow": [(0.1 + 1.5 * i, 1.4, n, 80) for i, n in enumerate([50, 53, 52])],
    # 24 short high notes at 6 notes/s (0.12 s each), an arpeggio between C5 and C6
    # (FluidR3's alto sax is silent above MIDI 85).
    "high_fast": [(0.1 + i / 6.0, 0.12, n, 100)
                  for i, n in enumerate([72, 76, 79, 84, 83, 79, 76, 74] * 3)],
    # A different take for prediction: long notes then a fast run.
    "mixed": ([(0.1, 1.0, 62, 85), (1.2, 0.6, 65, 85), (1.9, 0.9, 69, 85)] +
              [(2.9 + i * 0.2, 0.15, n, 95) for i, n in enumerate([74, 72, 71, 69, 67, 65, 64, 62])] +
              [(4.6, 0.8, 60, 80)]),
    # Issue 10's case: a 140 bpm run of sixteenth notes (9.33 notes/s, 0.107 s
    # apart, 0.09 s long) spanning 9 semitones (G4..E5), up and down.
    "run140": [(0.1 + i * 60 / 140 / 4, 0.09, n, 100)
               for i, n in enumerate([67, 69, 71, 72, 74, 76, 74, 72, 71, 69] * 3)],
    # Wide leaps: alternating low and high notes 1-2 octaves apart, 3 notes/s.
    "leaps": [(0.1 + i / 3.0, 0.28, n, 90)
              for i, n in enumerate([50, 74, 53, 77, 55, 79, 52, 76, 60, 84])],
    # Repeated notes: the same pitch re-articulated, 5 notes/s, then another.
    "repeated": [(0.1 + i * 0.2, 0.15, n, 90) for i, n in enumerate([64] * 8 + [71] * 8)],
    # Legato: each note lasts until the next one starts (no gap), 4 notes/s,
    # a scale up and down a ninth.
    "legato": [(0.1 + i * 0.25, 0.25, n, 85)
               for i, n in enumerate([60, 62, 64, 65, 67, 69, 71, 72, 74, 72, 71, 69, 67, 65])],
}
for name, notes in takes.items():
    mid = mido.MidiFile(type=0, ticks_per_beat=TPB)
    tr = mido.MidiTrack()
    mid.tracks.append(tr)
    tr.append(mido.MetaMessage("set_tempo", tempo=TEMPO, time=0))
    tr.append(mido.MetaMessage("track_name", name="alto sax " + name, time=0))
    tr.append(mido.Message("program_change", channel=0, program=65, time=0))  # GM 66 Alto Sax
    events = []
    for on, dur, n, v in notes:
        events.append((sec(on), 1, n, v))
        events.append((sec(on + dur), 0, n, 0))   # note-offs sort before note-ons
    events.sort()
    now = 0
    for tick, kind, n, v in events:
        msg = "note_on" if kind else "note_off"
        tr.append(mido.Message(msg, channel=0, note=n, velocity=v, time=tick - now))
        now = tick
    tr.append(mido.MetaMessage("end_of_track", time=sec(0.3)))
    mid.save(f"{out}/{name}.mid")
    with open(f"{out}/{name}.notes.csv", "w") as f:
        f.write("onset_s,offset_s,midi,velocity\n")
        for on, dur, n, v in notes:
            f.write(f"{sec(on) / 960:.6f},{sec(on + dur) / 960:.6f},{n},{v}\n")
PY

for take in phrase low_slow high_fast mixed run140 leaps repeated legato; do
  # -R 0 -C 0: no reverb/chorus (dry, deterministic tail); -g 1.5 puts peaks near -8 dBFS.
  fluidsynth -q -n -i -R 0 -C 0 -g 1.5 -r 44100 -O s16 -T wav -F "$tmp/$take.wav" \
    "$sf2" "$out/$take.mid" >/dev/null 2>&1
  /usr/bin/python3 - "$tmp/$take.wav" "$out/$take.wav" "$out/$take.notes.csv" <<'PY'
import sys, wave, numpy as np
src, dst, notes = sys.argv[1], sys.argv[2], sys.argv[3]
# Keep 0.4 s after the last note-off (the release), drop fluidsynth's silent tail.
end = max(float(l.split(",")[1]) for l in open(notes).read().splitlines()[1:]) + 0.4
with wave.open(src, "rb") as w:
    assert w.getsampwidth() == 2 and w.getframerate() == 44100
    ch = w.getnchannels()
    x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int32)
x = x.reshape(-1, ch).sum(axis=1)[: int(round(end * 44100))]
mono = np.clip(np.round(x / ch), -32768, 32767).astype("<i2")   # mean of channels
with wave.open(dst, "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(44100)
    w.writeframes(mono.tobytes())
PY
done
echo "wrote $(ls "$out"/*.wav | wc -l) takes to $out" >&2
