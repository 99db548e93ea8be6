# Ambitus and density against phrases with known notes (FluidR3 alto sax,
# rendered from MIDI by testdata/sax/make_takes.sh): at >= 90 % of note
# positions the ambitus is within 1 semitone of the range of the last 5
# notes and the density within 15 % of the true note rate, for every phrase:
# slow (phrase, low_slow), fast (high_fast, run140: 140 bpm sixteenths),
# wide leaps, repeated notes, legato.
for take in phrase low_slow high_fast run140 leaps repeated legato; do
  lw-features extract "$LW_TESTDATA/sax/$take.wav" --select ambitus,density -q -o "$take.csv"
  /usr/bin/python3 "$LW_SOURCE_DIR/tests/features/note_accuracy.py" "$take.csv" \
    "$LW_TESTDATA/sax/$take.notes.csv" --name "$take" --check || fail "$take"
done
# The same definition over the last 3 notes (--ambitus-notes/--density-notes)
lw-features extract "$LW_TESTDATA/sax/leaps.wav" --select ambitus,density --ambitus-notes 3 --density-notes 3 -q -o l3.csv
/usr/bin/python3 "$LW_SOURCE_DIR/tests/features/note_accuracy.py" l3.csv "$LW_TESTDATA/sax/leaps.notes.csv" \
  --last 3 --name leaps-3 --check || fail "leaps, last 3 notes"
