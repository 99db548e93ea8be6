#!/usr/bin/python3
"""Writes the test drum grooves of testdata/midi/ (and, with --bench, a larger
set of varied loops for tests/bench/lw-rhythm-bench.sh).

Every groove is written here from step patterns, with velocities (accents,
ghost notes, a little random variation) and microtiming (swing, a laid-back
snare, a pushed kick, random jitter) from a seeded random generator, so the
files are reproducible: run `/usr/bin/python3 make_grooves.py` in this folder.
Needs Debian's python3-mido.
"""
import argparse
import os
import random
import struct

import mido

# General MIDI drum notes (channel 10).
KICK, KICK2, SIDE, SNARE, CLAP, CHH, PEDAL, OHH = 36, 35, 37, 38, 39, 42, 44, 46
LTOM, MTOM, HTOM, CRASH, RIDE, BELL, COWBELL = 45, 47, 50, 49, 51, 53, 56

# Pattern letters per step: X accent, x normal, g ghost, - rest.
LEVEL = {"X": 112, "x": 88, "o": 70, "g": 38}


def groove(name, tempo, bars, steps_per_bar, parts, swing=0.0, jitter=6, push=None, seed=0, division=480,
           tempo_changes=None, fills=None):
    return dict(name=name, tempo=tempo, bars=bars, spb=steps_per_bar, parts=parts, swing=swing, jitter=jitter,
                push=push or {}, seed=seed, division=division, tempo_changes=tempo_changes or [], fills=fills or {})


GROOVES = [
    groove("rock", 120, 4, 16, {
        KICK:  "X-----x-X-------",
        SNARE: "----X-------X---",
        CHH:   "x-o-x-o-x-o-x-o-",
    }, fills={3: {SNARE: "----X-------XxXx", CRASH: "----------------"}}, seed=1),
    groove("funk", 100, 4, 16, {
        KICK:  "X-----x---x--x--",
        SNARE: "--g-X--g-g--X--g",
        CHH:   "XxoxXxoxXxoxXxox",
    }, push={SNARE: 12, KICK: -6}, jitter=5, seed=2, division=960),
    groove("hiphop-swing", 90, 4, 16, {
        KICK:  "X------xX-x-----",
        SNARE: "----X-------X---",
        CHH:   "x-x-x-x-x-x-x-xo",
        OHH:   "---------------x",
    }, swing=0.55, push={SNARE: 18}, jitter=8, seed=3, division=96),
    groove("bossa", 130, 4, 16, {
        KICK:  "X--xX--xX--xX--x",
        SIDE:  "x--x--x---x--x--",
        RIDE:  "x-x-x-x-x-x-x-x-",
    }, jitter=4, seed=4),
    groove("one-drop", 76, 4, 16, {
        KICK:  "--------X-------",
        SIDE:  "--------X-------",
        CHH:   "x-x-x-x-x-x-x-x-",
        OHH:   "------------x---",
    }, swing=0.3, jitter=6, seed=5, division=384),
    groove("disco", 120, 4, 16, {
        KICK:  "X---X---X---X---",
        CLAP:  "----x-------x---",
        CHH:   "x-g-x-g-x-g-x-g-",
        OHH:   "--X---X---X---X-",
    }, jitter=3, seed=6, tempo_changes=[(2, 124), (3, 128)]),
    groove("halftime", 140, 4, 16, {
        KICK:  "X--x------X-----",
        SNARE: "--------X-------",
        RIDE:  "x-x-x-x-x-x-x-x-",
        BELL:  "X-------X-------",
    }, jitter=5, seed=7),
    groove("breakbeat", 136, 4, 16, {
        KICK:  "X-X-------XX----",
        SNARE: "----X--g-g--X--g",
        RIDE:  "x-x-x-x-x-x-x-x-",
    }, fills={3: {SNARE: "-g--X--g-g--XgXg", CRASH: "--------------X-"}}, push={SNARE: 8}, seed=8),
    groove("shuffle-triplets", 110, 4, 12, {
        KICK:  "X-----x-----",
        SNARE: "---X-----X-g",
        CHH:   "x-ox-ox-ox-o",
    }, jitter=6, seed=9),
    groove("tom-groove", 118, 4, 16, {
        KICK:  "X-------X-x-----",
        LTOM:  "------x-------x-",
        MTOM:  "----x-------x---",
        HTOM:  "--x-------x-----",
        CRASH: "X---------------",
    }, fills={1: {LTOM: "--------XxXx----", MTOM: "----XxXx--------", HTOM: "XxXx------------"}}, jitter=7, seed=10),
    groove("jazz-ride", 160, 4, 12, {
        RIDE:  "X-----X-xX--",
        PEDAL: "---x-----x--",
        KICK:  "g-----g-----",
        SNARE: "--------g--g",
    }, jitter=9, seed=11),
    groove("sparse", 100, 4, 16, {
        KICK:  "X---------------",
        CHH:   "--------x-------",
    }, fills={2: {KICK: "X-------X-------", SNARE: "----x-------x---", CHH: "x-x-x-x-x-x-x-x-"},
              3: {KICK: "X-------X-------", SNARE: "----x-------x---", CHH: "x-x-x-x-x-x-x-x-"}},
       jitter=4, seed=12),
]


def groove_events(g, rng, vary=0.0):
    """(tick, pitch, velocity) of a groove; vary > 0 drops/adds hits at random."""
    div = g["division"]
    step_ticks = div * 4 / g["spb"]
    out = []
    for bar in range(g["bars"]):
        parts = dict(g["parts"])
        parts.update(g["fills"].get(bar, {}))
        for pitch, pat in parts.items():
            assert len(pat) == g["spb"], (g["name"], pitch)
            for s, ch in enumerate(pat):
                if ch == "-" and not (vary and rng.random() < vary * 0.15):
                    continue
                if ch != "-" and vary and rng.random() < vary * 0.2:
                    continue
                vel = LEVEL.get(ch, 60) + rng.randint(-8, 8)
                t = (bar * g["spb"] + s) * step_ticks
                if g["spb"] == 16 and s % 2 == 1:
                    t += g["swing"] * step_ticks * 0.5  # late off-beat sixteenths
                t += g["push"].get(pitch, 0) * div / 480
                t += rng.gauss(0, g["jitter"]) * div / 480
                out.append((max(0, round(t)), pitch, max(1, min(127, vel))))
    return sorted(out)


def write_groove(g, path, rng, vary=0.0):
    div = g["division"]
    mid = mido.MidiFile(type=1, ticks_per_beat=div)
    meta = mido.MidiTrack()
    meta.append(mido.MetaMessage("track_name", name=g["name"], time=0))
    meta.append(mido.MetaMessage("time_signature", numerator=4, denominator=4, time=0))
    meta.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(g["tempo"]), time=0))
    last = 0
    for bar, bpm in g["tempo_changes"]:
        t = bar * 4 * div
        meta.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm), time=t - last))
        last = t
    mid.tracks.append(meta)
    drums = mido.MidiTrack()
    drums.append(mido.MetaMessage("track_name", name="drums", time=0))
    msgs = []
    for t, p, v in groove_events(g, rng, vary):
        msgs.append((t, 1, mido.Message("note_on", channel=9, note=p, velocity=v)))
        msgs.append((t + div // 8, 0, mido.Message("note_off", channel=9, note=p, velocity=64)))
    # A bass line on channel 1 that the drum reader must ignore.
    for bar in range(g["bars"]):
        msgs.append((bar * 4 * div, 1, mido.Message("note_on", channel=0, note=36 + bar, velocity=90)))
        msgs.append((bar * 4 * div + div, 0, mido.Message("note_off", channel=0, note=36 + bar, velocity=0)))
    now = 0
    for t, _, m in sorted(msgs, key=lambda e: (e[0], e[1])):
        drums.append(m.copy(time=t - now))
        now = t
    mid.tracks.append(drums)
    mid.save(path)


def vlq(v):
    out = [v & 0x7F]
    v >>= 7
    while v:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    return bytes(reversed(out))


def write_type0_running_status(path):
    """A type 0 file written byte by byte: running status, note-on with
    velocity 0 as note-off, a sysex and a text event in between, 4 bars."""
    div = 240
    ev = bytearray()
    ev += vlq(0) + b"\xFF\x01" + vlq(12) + b"running stat"
    ev += vlq(0) + b"\xFF\x51\x03" + (600000).to_bytes(3, "big")  # 100 bpm
    ev += vlq(0) + b"\xFF\x58\x04\x04\x02\x18\x08"
    ev += vlq(0) + b"\xF0" + vlq(5) + b"\x7E\x7F\x09\x01\xF7"       # GM on
    rng = random.Random(13)
    notes = []
    for bar in range(4):
        for s in range(16):
            t = (bar * 16 + s) * div // 4
            if s % 4 == 0:
                notes.append((t, KICK if s % 8 == 0 else SNARE, 100 + rng.randint(-10, 10)))
            notes.append((t + rng.randint(-6, 6) if t else t, CHH, 60 + 30 * (s % 2 == 0) + rng.randint(-5, 5)))
    raw = []
    for t, p, v in notes:
        raw.append((max(0, t), 1, p, v))
        raw.append((max(0, t) + div // 8, 0, p, 0))
    raw.sort()
    now = 0
    first = True
    for t, _, p, v in raw:
        ev += vlq(t - now)
        if first:
            ev += b"\x99"
            first = False
        ev += bytes([p, v])  # running status from here on
        now = t
    ev += vlq(0) + b"\xFF\x2F\x00"
    data = b"MThd" + struct.pack(">IHHH", 6, 0, 1, div) + b"MTrk" + struct.pack(">I", len(ev)) + bytes(ev)
    with open(path, "wb") as f:
        f.write(data)


def write_no_drums(path):
    mid = mido.MidiFile(type=1, ticks_per_beat=480)
    tr = mido.MidiTrack()
    for i, n in enumerate([60, 64, 67, 72]):
        tr.append(mido.Message("note_on", channel=0, note=n, velocity=80, time=0 if i == 0 else 480))
        tr.append(mido.Message("note_off", channel=0, note=n, velocity=0, time=480))
    mid.tracks.append(tr)
    mid.save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--bench", type=int, default=0,
                    help="instead: write this many two-bar loops of varied grooves (8 loops per file)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    if a.bench:
        rng = random.Random(a.seed)
        files = (a.bench + 7) // 8
        for i in range(files):
            g = dict(rng.choice([x for x in GROOVES if x["spb"] == 16 and x["name"] != "sparse"]))
            g["bars"] = 16 if i < files - 1 else 2 * (a.bench - 8 * (files - 1))
            g["fills"] = {}
            write_groove(g, os.path.join(a.out, "bench-%03d.mid" % i), rng, vary=0.5)
        return
    for g in GROOVES:
        write_groove(g, os.path.join(a.out, g["name"] + ".mid"), random.Random(g["seed"]))
    write_type0_running_status(os.path.join(a.out, "type0-running-status.mid"))
    write_no_drums(os.path.join(a.out, "no-drums.mid"))


if __name__ == "__main__":
    main()
