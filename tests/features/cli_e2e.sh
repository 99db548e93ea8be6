# lw-features end to end on the saxophone takes: extract (JSON, CSV, stdout),
# stats on audio and on a features file, pitch, onsets, plot, diff, and
# bit-identical repeated runs.
sax=$LW_TESTDATA/sax

# extract: the ten in order, JSON and CSV agree, reruns are identical
expect_status 0 lw-features extract "$sax/phrase.wav" -o phrase.json -q
expect_status 0 lw-features extract "$sax/phrase.wav" -o phrase.csv -q
expect_status 0 lw-features extract "$sax/phrase.wav" -o again.json -q
cmp phrase.json again.json || fail "two runs differ"
grep -q '"format": "latentwalk.features"' phrase.json || fail "no format in JSON"
sed -n 4p phrase.csv | grep -qx 'time,ambitus,density,loudness,centroid,spread,skewness,kurtosis,rolloff,flatness,crest' ||
  fail "CSV header: $(sed -n 4p phrase.csv)"
frames=$(($(wc -l <phrase.csv) - 4))
[ "$frames" = $((255780 / 512 + 1)) ] || fail "expected floor(N/hop)+1 = 500 frames, got $frames"
expect_status 0 lw-features extract "$sax/phrase.wav" -o - --all -q
expect_stdout '^time,ambitus,.*,pitch,confidence,onset_strength,peak$'
# stdin audio
expect_status 0 bash -c "lw-features extract - -o stdin.csv -q < '$sax/phrase.wav'"
cmp <(tail -n +2 stdin.csv) <(tail -n +2 phrase.csv) || fail "stdin and file give different features"

# stats: same numbers from audio and from the features file, JSON shape
expect_status 0 lw-features stats phrase.json --json
cp "$LW_TMP/last.out" from_table.json
expect_status 0 lw-features stats "$sax/phrase.wav" --json -q
/usr/bin/python3 - from_table.json "$LW_TMP/last.out" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert [f["name"] for f in a["features"]] == ["ambitus", "density", "loudness", "centroid", "spread",
                                              "skewness", "kurtosis", "rolloff", "flatness", "crest"]
for fa, fb in zip(a["features"], b["features"]):
    for k in ("mean", "stddev", "min", "max", "median", "p5", "p95"):
        assert fa[k] == fb[k], (fa["name"], k, fa[k], fb[k])
PY
expect_status 0 lw-features stats "$sax/phrase.wav" --from 1.0 --to 1.8 --select pitch --unit midi -q
# C4 is played from 1.0 s to 1.8 s: the median pitch is within 0.3 semitone of 60
approx "$(awk '$1 == "pitch" {print $7}' "$LW_TMP/last.out")" 60 0.3
expect_status 2 lw-features stats phrase.json --from 100
expect_stderr 'no frame between'

# pitch and onsets
expect_status 0 lw-features pitch "$sax/phrase.wav" --unit midi --min-confidence 0.9 -o pitch.csv
head -1 pitch.csv | grep -qx 'time,pitch,confidence' || fail "pitch header"
expect_status 0 lw-features onsets "$sax/high_fast.wav" -o onsets.txt
[ "$(wc -l <onsets.txt)" = 24 ] || fail "high_fast has 24 notes, found $(wc -l <onsets.txt) onsets"
expect_status 0 lw-features onsets "$sax/high_fast.wav" --json
expect_stdout '"count": 24'

# plot
expect_status 0 lw-features plot "$sax/mixed.wav" -o mixed.svg --all -q
grep -q '<svg' mixed.svg && grep -q 'crest' mixed.svg && grep -q 'onsets (red)' mixed.svg || fail "plot content"
expect_status 0 lw-features plot phrase.csv -o table.svg

# diff: identical within, changed outside with the measure named, YAML tolerances
expect_status 0 lw-features diff "$sax/phrase.wav" "$sax/phrase.wav"
expect_stdout '^ok +max_abs_diff'
# float WAVs and no dither (-D): a pure gain change of -0.92 dB, so only the
# levels move; spectral shape is scale-invariant
sox -D "$sax/phrase.wav" -e floating-point ref.wav
sox -D "$sax/phrase.wav" -e floating-point quieter.wav vol 0.9
expect_status 1 lw-features diff ref.wav quieter.wav
expect_stdout '^FAIL +rms_db .*over by'
expect_stderr 'outside tolerance: .*rms_db'
# -q is accepted by every subcommand; the verdict (exit status, stdout) is the same
expect_status 1 lw-features diff ref.wav quieter.wav -q
expect_stdout '^FAIL +rms_db .*over by'
printf 'peak_db: 1\nrms_db: 1\nlsd_db: 1\nmax_abs_diff: 0.1\nfeatures:\n  loudness: 1\n' > loose.yaml
expect_status 0 lw-features diff ref.wav quieter.wav --tolerance loose.yaml
expect_status 1 lw-features diff ref.wav quieter.wav --tolerance loose.yaml --tol-rms-db 0.5 --json
expect_stdout '"ok": false'
printf 'rms: 1\n' > bad.yaml
expect_status 2 lw-features diff ref.wav quieter.wav --tolerance bad.yaml
expect_stderr "bad.yaml:1: unknown key 'rms'"
expect_status 1 lw-features diff "$sax/phrase.wav" "$sax/mixed.wav"
expect_stdout 'FAIL +feature:ambitus'
sox "$sax/phrase.wav" -r 22050 low.wav
expect_status 1 lw-features diff "$sax/phrase.wav" low.wav
expect_stdout 'FAIL +sample_rate'

# several channels: --channel picks one (bit-identical to the mono file),
# the default mixes them
sox -M "$sax/phrase.wav" "$sax/high_fast.wav" stereo.wav
expect_status 0 lw-features extract stereo.wav -o ch0.csv --channel 0 -q
expect_status 0 lw-features extract "$sax/phrase.wav" -o mono0.csv -q
# (line 2, the settings, records the channel)
cmp <(tail -n +3 ch0.csv) <(tail -n +3 mono0.csv) || fail "--channel 0 differs from the mono take"
expect_status 0 lw-features onsets stereo.wav --channel 1
[ "$(wc -l <"$LW_TMP/last.out")" = 24 ] || fail "channel 1 (high_fast) should give 24 onsets"
expect_status 0 lw-features extract stereo.wav -o mix.csv -q
cmp -s mix.csv ch0.csv && fail "the mono mix equals channel 0"
true
