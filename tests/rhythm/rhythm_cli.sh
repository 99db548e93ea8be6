# lw-rhythm end to end on the test grooves: train, inspect, encode, generate
# at a point and along a control path, map, preview; and determinism.
cd "$LW_TMP"
grooves=$(ls "$LW_TESTDATA"/midi/*.mid | grep -v no-drums)

expect_status 0 lw-rhythm train $grooves -o m.lwr --epochs 8 --json --seed 3
expect_stdout '"history"'
/usr/bin/python3 - <<'PY' || fail "train --json history"
import json
d = json.load(open("last.out"))
h = d["history"]
assert len(h) == 8, len(h)
assert h[-1]["loss"] < h[0]["loss"], (h[0]["loss"], h[-1]["loss"])
for k in ("onset", "velocity", "offset", "kl", "heldout_onset_f1", "heldout_velocity_mae", "heldout_timing_mae"):
    assert k in h[-1], k
assert d["heldout_loops"] >= 3 and d["train_loops"] >= 15, d
assert 0 <= d["metrics"]["heldout"]["onset_f1"] <= 1
PY
# Same seed and threads: the same model bytes.
expect_status 0 lw-rhythm train $grooves -o m2.lwr --epochs 8 --seed 3 --quiet
cmp m.lwr m2.lwr || fail "same seed gave a different model file"
expect_status 0 lw-rhythm train $grooves -o t2a.lwr --epochs 3 --seed 3 --threads 2 --quiet
expect_status 0 lw-rhythm train $grooves -o t2b.lwr --epochs 3 --seed 3 --threads 2 --quiet
cmp t2a.lwr t2b.lwr || fail "same seed on 2 threads gave a different model file"
expect_status 0 lw-rhythm train $grooves -o m3.lwr --epochs 8 --seed 4 --quiet
cmp -s m.lwr m3.lwr && fail "different seeds gave the same model"

expect_status 0 lw-rhythm inspect m.lwr
expect_stdout 'M4L.RhythmVAE, latent 2'
expect_stdout 'magenta, MIDI channel 10'
expect_stdout 'rock.mid'
expect_status 0 lw-rhythm inspect m.lwr --json
expect_stdout '"format": "latentwalk.rhythm-model"'
expect_stdout '"sha256"'

expect_status 0 lw-rhythm encode m.lwr "$LW_TESTDATA/midi/rock.mid" --json
/usr/bin/python3 -c "
import json; d = json.load(open('last.out'))
assert len(d) == 2 and len(d[0]['z']) == 2 and d[1]['bar'] == 3, d" || fail "encode --json"

# generate at a point: one file, 4 loops, deterministic with a seed.
expect_status 0 lw-rhythm generate m.lwr --z 0.5,-1 --loops 4 --noise 0.3 --seed 1 -o g.mid --tempo 100 --quiet
expect_status 0 lw-rhythm generate m.lwr --z 0.5,-1 --loops 4 --noise 0.3 --seed 1 -o g2.mid --tempo 100 --quiet
cmp g.mid g2.mid || fail "generate is not deterministic"
/usr/bin/python3 - <<'PY' || fail "generated MIDI"
import mido
m = mido.MidiFile("g.mid")
assert m.type == 1 and m.ticks_per_beat == 480
tempos = [x.tempo for t in m.tracks for x in t if x.type == "set_tempo"]
assert tempos == [600000], tempos
on = [x for x in mido.merge_tracks(m.tracks) if x.type == "note_on" and x.velocity > 0]
assert on and all(x.channel == 9 for x in on)
assert {x.note for x in on} <= {36, 38, 42, 46, 45, 48, 50, 49, 51}
assert sum(x.time for x in mido.merge_tracks(m.tracks)) >= 4 * 8 * 480 - 240
PY
# A threshold of 0.99 plays fewer notes than 0.1.
expect_status 0 lw-rhythm generate m.lwr --z 0,0 --threshold 0.1 -o lo.mid --json
lo=$(/usr/bin/python3 -c "import json; print(json.load(open('last.out'))['notes'])")
expect_status 0 lw-rhythm generate m.lwr --z 0,0 --threshold 0.9 -o hi.mid --json
hi=$(/usr/bin/python3 -c "import json; print(json.load(open('last.out'))['notes'])")
[ "$lo" -gt "$hi" ] || fail "threshold 0.1 gave $lo notes, 0.9 gave $hi"

# generate along the control path: 28 s at 120 bpm = 7 loops of 4 s.
expect_status 0 lw-rhythm generate m.lwr --path "$LW_TESTDATA/midi/explorer-path.control.json" -o path.mid --json --seed 2
/usr/bin/python3 - <<'PY' || fail "generate --path"
import json
d = json.load(open("last.out"))
L = d["loops"]
assert len(L) == 7, len(L)
assert [l["t"] for l in L] == [0, 4, 8, 12, 16, 20, 24]
assert abs(L[0]["z"][0] + 2) < 1e-6 and abs(L[0]["z"][1]) < 1e-6   # starts at the first frame, no noise
assert abs(L[1]["z"][0] + 2) < 1e-6 and abs(L[1]["z"][1]) < 1e-6   # the frame at t=4 starts its 2 s ramp now
# at t=8 the ramp toward (-1, 1) is complete; noise 0.1 is added from then on
assert abs(L[2]["z"][0] + 1) < 0.6 and abs(L[2]["z"][1] - 1) < 0.6 and L[2]["z"] != [-1, 1]
# at t=12 the 4 s ramp toward (0.5, 0.5) has arrived (noise 0.2)
assert abs(L[3]["z"][0] - 0.5) < 1.0 and abs(L[3]["z"][1] - 0.5) < 1.0
PY
expect_status 0 lw-rhythm generate m.lwr --path "$LW_TESTDATA/midi/explorer-path.control.json" -o path2.mid --seed 2 --quiet
cmp path.mid path2.mid || fail "generate --path is not deterministic"

expect_status 0 lw-rhythm map m.lwr -o map.svg --grid 8 --range 2 --json map.json
grep -q '<svg' map.svg || fail "no SVG"
/usr/bin/python3 -c "
import json; d = json.load(open('map.json'))
assert d['grid'] == 8 and len(d['cells']) == 64 and d['cells'][-1]['x'] == 2" || fail "map --json"

expect_status 0 lw-rhythm preview path.mid -o path.wav
/usr/bin/python3 - <<'PY' || fail "preview WAV"
import wave, struct
w = wave.open("path.wav")
assert w.getframerate() == 44100 and w.getnchannels() == 1 and w.getsampwidth() == 2
n = w.getnframes()
assert 28 * 44100 <= n <= 31 * 44100, n
data = struct.unpack("<%dh" % n, w.readframes(n))
assert max(abs(x) for x in data) > 3000
PY
expect_status 0 lw-rhythm preview path.mid -o path2.wav --quiet
cmp path.wav path2.wav || fail "preview is not deterministic"
# --json: the summary on stdout (instead of the note), same audio; refused with -o -
expect_status 0 lw-rhythm preview path.mid -o path3.wav --json
cmp path.wav path3.wav || fail "preview --json changed the audio"
[ ! -s last.err ] || fail "preview --json printed the note on stderr"
/usr/bin/python3 -c "
import json, wave
d = json.load(open('last.out')); w = wave.open('path3.wav')
assert d['output'] == 'path3.wav' and d['hits'] > 0 and d['sample_rate'] == 44100, d
assert abs(d['seconds'] - w.getnframes() / w.getframerate()) < 1e-9, d" || fail "preview --json"
expect_status 2 lw-rhythm preview path.mid -o - --json
expect_stderr '--json and -o - both write to stdout'
expect_status 0 lw-rhythm map m.lwr -o map2.svg --grid 8 --range 2
cmp map.svg map2.svg || fail "map is not deterministic"
# -q is accepted by every subcommand (a no-op where nothing goes to stderr)
expect_status 0 lw-rhythm map m.lwr -o map3.svg --grid 8 --range 2 -q
cmp map.svg map3.svg || fail "map -q changed the SVG"
[ ! -s last.err ] || fail "map -q printed on stderr"
expect_status 0 lw-rhythm inspect m.lwr -q
expect_stdout 'M4L.RhythmVAE, latent 2'
expect_status 0 lw-rhythm encode m.lwr "$LW_TESTDATA/midi/rock.mid" --quiet
expect_stdout 'bar 3'
expect_status 0 lw-rhythm preview "$LW_TESTDATA/midi/disco.mid" -o disco.flac --format pcm24 --quiet

# --resolution 12 (triplets) and --latent 3.
expect_status 0 lw-rhythm train "$LW_TESTDATA/midi/shuffle-triplets.mid" "$LW_TESTDATA/midi/jazz-ride.mid" \
  -o t.lwr --resolution 12 --latent 3 --epochs 2 --quiet --map strict
expect_status 0 lw-rhythm inspect t.lwr
expect_stdout '96 steps'
expect_stdout 'latent 3'
expect_stdout 'strict'
expect_status 0 lw-rhythm generate t.lwr --z 0,0,1 -o t.mid --quiet
expect_status 0 lw-rhythm map t.lwr -o t.svg --grid 4
