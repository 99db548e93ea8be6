#!/usr/bin/python3
"""Writes the second groove set of testdata/midi/grooves2/: twelve styles the
first set does not have (electronic, Latin, African, metal), eight bars each
(four two-bar loops, with a variation in bars 4 and 8), for the training
seed study of tests/bench/lw-rhythm-seeds.sh and the rhythmvae tests.

Same writer as ../make_grooves.py (velocities with accents and ghost notes,
swing, push, seeded jitter; a bass note per bar on channel 1 the drum reader
ignores), so the bytes are reproducible: run
`/usr/bin/python3 make_grooves2.py` in this folder. Needs Debian's python3-mido.
"""
import argparse
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from make_grooves import groove, write_groove  # noqa: E402

KICK, RIM, SNARE, CLAP, CHH, PEDAL, OHH = 36, 37, 38, 39, 42, 44, 46
LTOM, MTOM, HTOM, CRASH, RIDE, BELL, COWBELL = 45, 47, 50, 49, 51, 53, 56
HICONGA, LOCONGA, SHAKER, CLAVES, AGOGO = 62, 64, 70, 75, 67

GROOVES2 = [
    groove("house", 124, 8, 16, {
        KICK:  "X---X---X---X---",
        CLAP:  "----x-------x---",
        OHH:   "--x---x---x---x-",
        SHAKER: "gxgxgxgxgxgxgxgx",
    }, fills={3: {CLAP: "----x-------x-xx"}, 7: {CLAP: "----x-----x-x-xx", CRASH: "--------------x-"}},
       jitter=2, seed=21),
    groove("techno", 132, 8, 16, {
        KICK:  "X---X---X---X---",
        CHH:   "xxxxxxxxxxxxxxxx",
        RIM:   "---x--x----x--x-",
        OHH:   "--x---x---x---x-",
    }, fills={3: {KICK: "X---X---X---X-x-"}, 7: {KICK: "X---X---X-x-XxXx"}}, jitter=1, seed=22),
    groove("drum-and-bass", 172, 8, 16, {
        KICK:  "X---------X-----",
        SNARE: "----X--g-g--X---",
        RIDE:  "x-x-x-x-x-x-x-x-",
    }, fills={3: {KICK: "X-----x---X-----", SNARE: "----X--g-g--X-gX"},
              7: {SNARE: "----X--gXgXgXgXg", KICK: "X---------X-----"}}, push={SNARE: 6}, jitter=4, seed=23),
    groove("trap", 70, 8, 16, {
        KICK:  "X------x--X-----",
        CLAP:  "--------X-------",
        CHH:   "x-x-x-xxx-x-xxxx",
        OHH:   "---------------x",
    }, fills={3: {CHH: "xxxxxxxxx-x-xxxx"}, 7: {CHH: "xxxxxxxxxxxxxxxx", KICK: "X------x--X--x--"}}, jitter=3, seed=24),
    groove("samba", 100, 8, 16, {
        KICK:  "X--xX--xX--xX--x",
        RIM:   "x--x--x---x--x--",
        PEDAL: "--x---x---x---x-",
        SHAKER: "XxxxXxxxXxxxXxxx",
    }, fills={3: {LTOM: "--------x--x--x-"}, 7: {SNARE: "----------XxXxXx"}}, swing=0.15, jitter=5, seed=25),
    groove("afrobeat", 110, 8, 16, {
        KICK:  "X-----x---X--x--",
        SNARE: "----x--g-g--x--g",
        OHH:   "x-x-x-x-x-x-x-x-",
        COWBELL: "x--x--x---x-x---",
    }, fills={3: {HICONGA: "--x--x----x--x--"}, 7: {LTOM: "----------x-x-xx"}}, swing=0.2, jitter=6, seed=26),
    groove("reggaeton", 95, 8, 16, {
        KICK:  "X---X---X---X---",
        SNARE: "---x--x----x--x-",
        CHH:   "x-x-x-x-x-x-x-x-",
    }, fills={3: {SNARE: "---x--x----x-xxx"}, 7: {SNARE: "---x--x---xxxxxx", CRASH: "x---------------"}},
       jitter=3, seed=27),
    groove("two-step", 134, 8, 16, {
        KICK:  "X---------x-----",
        SNARE: "----X-------X---",
        CHH:   "x-xxx-xxx-xxx-xx",
        RIM:   "-------x-------x",
    }, fills={3: {KICK: "X------x--x-----"}, 7: {KICK: "X------x--x--x--", CRASH: "--------------x-"}},
       swing=0.45, jitter=4, seed=28),
    groove("metal", 180, 8, 16, {
        KICK:  "XxXxXxXxXxXxXxXx",
        SNARE: "----X-------X---",
        CHH:   "x-x-x-x-x-x-x-x-",
    }, fills={3: {CRASH: "X-------X-------"}, 7: {HTOM: "XxXx------------", MTOM: "----XxXx--------",
                                                   LTOM: "--------XxXx----", SNARE: "------------XXXX"}},
       jitter=2, seed=29),
    groove("second-line", 96, 8, 16, {
        KICK:  "X--x--x-X--x----",
        SNARE: "g-gX-gg-g-gX-g-g",
        CRASH: "----X-------X---",
    }, fills={3: {SNARE: "g-gX-gg-gXgXgXgX"}, 7: {SNARE: "XgXgXgXgXgXgXgXg"}}, swing=0.5, jitter=8, seed=30),
    groove("songo", 120, 8, 16, {
        KICK:  "---x------x--x--",
        SNARE: "--g-x--g-gx--x-g",
        BELL:  "x-x-x-xxx-x-x-xx",
        HICONGA: "------x-------x-",
        LOCONGA: "-------x-------x",
    }, fills={3: {HTOM: "----------x-x-x-"}, 7: {LTOM: "--------x-x-xxxx"}}, jitter=5, seed=31),
    groove("electro", 126, 8, 16, {
        KICK:  "X-----X---X-----",
        CLAP:  "----X-------X---",
        CHH:   "x-x-x-x-x-x-x-x-",
        CLAVES: "--x----x--x-----",
    }, fills={3: {KICK: "X-----X---X--X--"}, 7: {CLAP: "----X-------X-XX", KICK: "X-----X---X-X---"}},
       jitter=1, seed=32),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for g in GROOVES2:
        write_groove(g, os.path.join(a.out, g["name"] + ".mid"), random.Random(g["seed"]))


if __name__ == "__main__":
    main()
