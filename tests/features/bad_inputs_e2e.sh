# Bad inputs: each is refused with exit 2, a message naming the file and
# what is wrong, and no output file left behind.
sax=$LW_TESTDATA/sax

expect_status 2 lw-features extract missing.wav -o out.json
expect_stderr 'missing.wav'
expect_no_file out.json

mkdir adir.wav   # unreadable as audio (root can read any file, so a directory)
expect_status 2 lw-features extract adir.wav -o out.json
expect_stderr 'adir.wav'
expect_no_file out.json

echo "not audio at all" > text.wav
expect_status 2 lw-features extract text.wav -o out.json
expect_stderr 'text.wav'
expect_no_file out.json

sox -n -r 44100 -c 1 -b 16 empty.wav trim 0 0
expect_status 2 lw-features extract empty.wav -o out.json
expect_stderr 'empty.wav.*(zero-length|no audio)'
expect_no_file out.json

/usr/bin/python3 - <<'PY'
import struct
import numpy as np
x = np.zeros(44100, dtype="<f4"); x[1000] = np.nan
data = x.tobytes()
fmt = struct.pack("<HHIIHH", 3, 1, 44100, 44100 * 4, 4, 32)
riff = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data
open("nan.wav", "wb").write(b"RIFF" + struct.pack("<I", len(riff)) + riff)
PY
expect_status 2 lw-features extract nan.wav -o out.json
expect_stderr 'nan.wav'
expect_no_file out.json

sox -n -r 44100 -c 1 -b 16 short.wav synth 0.01 sine 440
expect_status 2 lw-features extract short.wav -o out.json
expect_stderr 'short.wav.*shorter|short.wav.*too short'
expect_no_file out.json
expect_status 2 lw-features extract "$sax/phrase.wav" -o out.json --window 524288 --fft 524288
expect_stderr 'too short'

expect_status 2 lw-features extract "$sax/phrase.wav" -o out.json --hop 0
expect_stderr 'hop must be > 0'
expect_no_file out.json
expect_status 2 lw-features extract "$sax/phrase.wav" -o out.json --fft 512
expect_stderr 'fft'
expect_status 2 lw-features extract "$sax/phrase.wav" -o out.json --select loudness,bogus
expect_stderr "unknown feature 'bogus'"
expect_status 2 lw-features extract "$sax/phrase.wav" -o out.json --select loudness,loudness
expect_stderr "selected twice"
expect_status 2 lw-features extract "$sax/phrase.wav" -o out.json --unit bark
expect_stderr 'hz or midi'
expect_status 2 lw-features extract "$sax/phrase.wav" -o out.json --channel 3
expect_stderr 'channel'
expect_no_file out.json

# never overwrite the input
cp "$sax/phrase.wav" in.wav
expect_status 2 lw-features extract in.wav -o in.wav
cmp in.wav "$sax/phrase.wav" || fail "input was overwritten"

# bad features files for stats
printf 'time,loudness\n0,-20\n0.01,abc\n' > bad.csv
expect_status 2 lw-features stats bad.csv
expect_stderr 'bad.csv:3:'
printf '{"format": "latentwalk.features", "version": 1, "sample_rate": 44100' > trunc.json
expect_status 2 lw-features stats trunc.json
expect_stderr 'trunc.json'
expect_status 2 lw-features diff missing.wav "$sax/phrase.wav"
expect_stderr 'missing.wav'
# plot and diff read their inputs more than once: stdin is refused up front
# with a clear message instead of "<stdin>: not a readable audio file"
expect_status 2 lw-features plot - -o stdin.svg < "$sax/phrase.wav"
expect_stderr "plot reads its input more than once; give a file, not '-'"
expect_no_file stdin.svg
expect_status 2 lw-features diff - "$sax/phrase.wav" < "$sax/phrase.wav"
expect_stderr "diff reads its inputs more than once"
