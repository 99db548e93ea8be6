# lw_midi against independent readers: every test groove read by lw_midi
# matches python3-mido's reading of it; every file lw_midi writes reads back
# in mido and midicsv with the same notes, velocities and ticks.
probe=$1
cat >"$LW_TMP/mido_notes.py" <<'PY'
import sys, mido
m = mido.MidiFile(sys.argv[1])
print("division,%d" % m.ticks_per_beat)
tempos, notes = [], []
for tr in m.tracks:
    t = 0
    open_ = {}
    for msg in tr:
        t += msg.time
        if msg.type == "set_tempo":
            tempos.append((t, msg.tempo))
        elif msg.type == "note_on" and msg.velocity > 0:
            open_.setdefault((msg.channel, msg.note), []).append(len(notes))
            notes.append([t, 0, msg.channel, msg.note, msg.velocity])
        elif msg.type in ("note_on", "note_off"):
            q = open_.get((msg.channel, msg.note))
            if q:
                i = q.pop(0)
                notes[i][1] = t - notes[i][0]
for t, us in sorted(tempos):
    print("tempo,%d,%d" % (t, us))
for n in sorted(notes, key=lambda n: (n[0], n[2], n[3])):
    print(",".join(map(str, n)))
PY
n=0
for f in "$LW_TESTDATA"/midi/*.mid; do
  base=$(basename "$f" .mid)
  "$probe" dump "$f" >"$LW_TMP/$base.lw" || fail "lw_midi cannot read $f"
  /usr/bin/python3 "$LW_TMP/mido_notes.py" "$f" >"$LW_TMP/$base.mido" || fail "mido cannot read $f"
  diff -u "$LW_TMP/$base.mido" "$LW_TMP/$base.lw" || fail "lw_midi reads $f differently from mido"
  "$probe" copy "$f" "$LW_TMP/$base.out.mid" || fail "cannot rewrite $f"
  /usr/bin/python3 "$LW_TMP/mido_notes.py" "$LW_TMP/$base.out.mid" >"$LW_TMP/$base.out.mido" ||
    fail "mido cannot read the file written from $f"
  diff -u "$LW_TMP/$base.lw" "$LW_TMP/$base.out.mido" || fail "written copy of $f reads differently in mido"
  # midicsv: the note-on lines (tick, channel, pitch, velocity) agree too.
  midicsv "$LW_TMP/$base.out.mid" | awk -F', *' '$3 == "Note_on_c" && $6 > 0 {print $2 "," $4 "," $5 "," $6}' |
    sort -t, -k1,1n -k2,2n -k3,3n >"$LW_TMP/$base.csv" || fail "midicsv cannot read the copy of $f"
  awk -F, 'NF == 5 && $1 != "tempo" {print $1 "," $3 "," $4 "," $5}' "$LW_TMP/$base.lw" |
    sort -t, -k1,1n -k2,2n -k3,3n >"$LW_TMP/$base.lwcsv"
  diff -u "$LW_TMP/$base.lwcsv" "$LW_TMP/$base.csv" || fail "midicsv reads the copy of $f differently"
  n=$((n + 1))
done
[ "$n" -ge 10 ] || fail "only $n test MIDI files"
