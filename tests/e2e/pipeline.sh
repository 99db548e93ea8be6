# recipes/pipeline.mk end to end: sax takes -> explorer -> control path ->
# rhythm MIDI and a rendered walk. The formats must meet, the results must be
# real (notes, sound) and a second run from scratch must give the same bytes.
bin=$LW_BINARY_DIR/bin
cd "$LW_SOURCE_DIR"
make -s -f recipes/pipeline.mk BIN="$bin" OUT="$LW_TMP/a" -j2 >/dev/null || fail "pipeline failed"
make -s -f recipes/pipeline.mk BIN="$bin" OUT="$LW_TMP/b" -j2 >/dev/null || fail "second pipeline run failed"
for f in mixed.control.json rhythm.mid rhythm.wav voices.wav; do
  cmp -s "$LW_TMP/a/$f" "$LW_TMP/b/$f" || fail "$f differs between two runs with the same seed"
done
# Nothing to do on a third call: make sees everything up to date.
out=$(make -f recipes/pipeline.mk BIN="$bin" OUT="$LW_TMP/a" 2>&1)
grep -q "Nothing to be done\|is up to date" <<<"$out" || fail "pipeline re-ran without changes: $out"

# The drum MIDI has notes on channel 10, read back by mido.
/usr/bin/python3 - "$LW_TMP/a/rhythm.mid" <<'PY' || fail "rhythm.mid is not the drum MIDI expected"
import mido, sys
m = mido.MidiFile(sys.argv[1])
notes = [msg for t in m.tracks for msg in t if msg.type == "note_on" and msg.velocity > 0]
assert len(notes) >= 10, len(notes)
assert all(msg.channel == 9 for msg in notes)
PY
# Both renders sound: peak well above silence.
for w in rhythm.wav voices.wav; do
  peak=$(sox "$LW_TMP/a/$w" -n stat 2>&1 | awk '/Maximum amplitude/ {print $3}')
  awk -v p="$peak" 'BEGIN { exit !(p > 0.01) }' || fail "$w is silent (peak $peak)"
done
# The rendered walk lasts as long as the control path.
dur_path=$(/usr/bin/python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['frames']; print(f[-1]['t']-f[0]['t'])" "$LW_TMP/a/mixed.control.json")
dur_wav=$(soxi -D "$LW_TMP/a/voices.wav")
approx "$dur_wav" "$dur_path" 0.1
