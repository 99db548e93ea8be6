#!/usr/bin/env python3
"""Writes the recorded-like test walks (standard library only; deterministic).

recorded-like.json   a 40 s walk around the origin sphere of experience 1 as a
                     browser would stream it: frame periods around 100 ms with
                     jitter, one late burst, a 0.6 s dropout, a 3 s pause
                     (standing still, frames keep coming), and a full turn on
                     the spot that takes the azimuth across 0/360.
browser-stream.ndjson the first 8 s of the same walk as raw WebSocket
                     messages: no "t" (arrival order), "phi" for azimuth.

Usage: python3 recorded_like.py   (run in testdata/walks)
"""
import json
import math
import random

rng = random.Random(7)
frames = []
t = 0.0
x, z = 0.0, -7.0
heading = 270.0  # degrees, 0 = +z, clockwise from above (90 = +x); walking -x south of the origin
speed = 1.3
turn_left = 0.0  # degrees still to turn on the spot (the full turn)
pause_left = 0.0
while t < 40.0:
    dt = 0.1 + rng.gauss(0, 0.012)
    if 17.0 < t < 17.5:
        dt = 0.03 + rng.random() * 0.01  # a late burst: frames queued, then sent together
    if 23.0 <= t < 23.1:
        dt = 0.6  # a dropout
    dt = max(dt, 0.02)
    t = round(t + dt, 3)  # browsers stamp milliseconds
    if 9.0 <= t < 12.0:
        pause_left = 1  # standing still, frames keep coming
    else:
        pause_left = 0
    if 27.0 <= t < 31.0:
        turn_left = 1
        heading += 90.0 * dt  # one full turn clockwise in 4 s, on the spot
    elif pause_left == 0:
        turn_left = 0
        heading += rng.gauss(0, 1.5) + 10.6 * dt  # a slow clockwise curve round the landmark
        x += speed * dt * math.sin(math.radians(heading))
        z += speed * dt * math.cos(math.radians(heading))
    y = 1.6 + 0.03 * math.sin(2 * math.pi * 1.8 * t) if pause_left == 0 and turn_left == 0 else 1.6
    az = heading % 360.0
    walking = pause_left == 0 and turn_left == 0
    nx = rng.gauss(0, 0.01) if walking else 0.0  # tracking noise while walking
    nz = rng.gauss(0, 0.01) if walking else 0.0
    frames.append({"t": t, "x": round(x + nx, 4), "y": round(y, 4), "z": round(z + nz, 4), "azimuth": round(az, 2)})

source = ("synthetic recorded-like walk (testdata/walks/recorded_like.py, seed 7): jitter, a late burst, "
          "a 0.6 s dropout at t=23, a pause 9-12 s, a full turn across 0/360 at 27-31 s")
with open("recorded-like.json", "w") as f:
    f.write('{\n "format": "latentwalk.trajectory",\n "version": 1,\n "rate_hz": 10,\n')
    f.write(' "source": ' + json.dumps(source) + ',\n "frames": [\n')
    f.write(",\n".join("  " + json.dumps(fr, separators=(",", ":")) for fr in frames))
    f.write("\n ]\n}\n")
with open("browser-stream.ndjson", "w") as f:
    for fr in frames:
        if fr["t"] > 8.0:
            break
        f.write(json.dumps({"x": fr["x"], "y": fr["y"], "z": fr["z"], "phi": fr["azimuth"]},
                           separators=(",", ":")) + "\n")
