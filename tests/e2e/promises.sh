# The conventions' promises, one block each (issue 14): exit codes and
# messages naming the file, no partial output, inputs untouched, devices and
# FIFOs untouched, a full disk reported, no NaN written, ignored signals kept,
# stale temporary files cleaned. Torch-free tools always; lw-render and
# lw-rhythm where they are built.
T=$LW_TESTDATA
scene=$T/scenes/experience2-landmarks.yaml
has() { command -v "$1" >/dev/null 2>&1; }
hash_of() { sha256sum "$@" | awk '{print $1}'; }

lw-walk generate random --duration 4 --rate 10 --seed 3 -o walk.json -q
lw-walk generate random --duration 4 --rate 10 --seed 4 -o walk.ndjson -q
cp "$scene" s.yaml

# -- 1. bad input: exit 2, the file and the place named
printf '{"x":0,"y":1,"z":0,"phi":0}\n{"x":0,"y":1,"z":-1e999,"phi":0}\n' > overflow.ndjson
expect_status 2 lw-walk convert overflow.ndjson --rate 10 -o o.json
expect_stderr 'overflow\.ndjson:2: .*number overflow'
expect_no_file o.json
printf '{"format":"latentwalk.trajectory","version":1,"rate_hz":10,"frames":[{"t":0,"x":1e999,"y":0,"z":0,"azimuth":0}]}' > overflow.json
expect_status 2 lw-walk info overflow.json
expect_stderr 'overflow\.json'
printf 'name: s\nlandmarks:\n  - name: "\xff\xfe"\n    centre: [1,0,1]\n    radius: 1\n' > utf8.yaml
expect_status 2 lw-walk info walk.json --scene utf8.yaml --json
expect_stderr 'UTF-8'
expect_stderr 'utf8\.yaml'
expect_status 2 lw-features extract "$T/sax/phrase.wav" --window 16 --fft 16 --select pitch -o p.csv
expect_stderr 'phrase\.wav: .*pitch'
expect_no_file p.csv
# A WAV header declaring 100 MHz (and one whose rate does not fit libsndfile's int).
/usr/bin/python3 - <<'EOF'
import struct, wave
with wave.open("rate.wav", "wb") as f:
    f.setnchannels(1); f.setsampwidth(2); f.setframerate(8000); f.writeframes(b"\0\1" * 4000)
b = bytearray(open("rate.wav", "rb").read()); b[24:28] = struct.pack("<I", 100000000)
open("rate.wav", "wb").write(bytes(b))
EOF
expect_status 2 lw-features extract rate.wav -o f.csv
expect_stderr 'rate\.wav: declares a sample rate of 100000000 Hz'
expect_no_file f.csv

# -- 2. no input is ever overwritten, whichever option names it; hashes of
# every input of every command before and after
before=$(hash_of walk.json walk.ndjson s.yaml)
expect_status 2 lw-walk generate visit --scene s.yaml -o s.yaml --to json
expect_stderr "is the input file 's\.yaml'"
expect_status 2 lw-walk convert walk.json -o walk.json
expect_status 2 lw-walk concat walk.json walk.ndjson -o walk.ndjson
expect_status 2 lw-walk plot walk.json --scene s.yaml -o s.yaml
ln -s walk.json link.json
expect_status 2 lw-walk convert walk.json -o link.json
[ "$(hash_of walk.json walk.ndjson s.yaml)" = "$before" ] || fail "an input changed"
[ -L link.json ] || fail "the symlink was replaced"
lw-walk convert walk.json -o copy.json -q
expect_status 0 lw-walk transform copy.json --scale 2 -o copy.json --in-place -q
if has lw-render; then
  cp "$T/mappings/soundwalk.yaml" m.yaml
  b2=$(hash_of walk.json m.yaml s.yaml)
  expect_status 2 lw-render walk walk.json --scene s.yaml --mapping m.yaml -o m.yaml -q
  expect_status 2 lw-render walk walk.json --scene s.yaml --mapping m.yaml -o r.wav --manifest s.yaml -q
  [ "$(hash_of walk.json m.yaml s.yaml)" = "$b2" ] || fail "lw-render changed an input"
  expect_no_file r.wav
fi

# -- 3. devices, FIFOs and symlinks are written, never replaced
expect_status 0 lw-walk convert walk.json --to json -o /dev/null
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
expect_status 0 lw-walk convert walk.json --to json -o /dev/stdout
expect_stdout '"latentwalk.trajectory"'
[ -L /dev/stdout ] || fail "/dev/stdout was replaced"
mkfifo pipe
cat pipe > from-pipe.json &
reader=$!
expect_status 0 lw-walk convert walk.json --to json -o pipe
wait "$reader"
[ -p pipe ] || fail "the FIFO was replaced"
cmp -s from-pipe.json <(lw-walk convert walk.json --to json -o -) || fail "the FIFO did not get the walk"
cp walk.json target.json
ln -s target.json through-link.json
expect_status 0 lw-walk transform walk.json --scale 3 -o through-link.json -q
[ -L through-link.json ] || fail "the symlink was replaced by a file"
[ "$(hash_of target.json)" != "$(hash_of walk.json)" ] || fail "the symlink's target was not written"

# -- 4. a full disk is reported (exit 2, the reason), for files and for stdout
expect_status 2 lw-walk generate random --duration 600 -o /dev/full --to json
expect_stderr 'No space left on device'
expect_status 2 bash -c 'lw-walk generate random --duration 600 -o - > /dev/full'
expect_stderr 'No space left on device'
expect_status 2 bash -c 'lw-walk info walk.json --json > /dev/full'
expect_stderr 'cannot write to standard output'
# A small tmpfs where mounting is allowed (root outside a restricted container).
mkdir -p full
if mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
  expect_status 2 lw-walk generate random --duration 600 -o full/w.json
  expect_stderr 'No space left on device'
  [ -z "$(ls -A full)" ] || { ls -la full; umount full; fail "partial output on the full disk"; }
  expect_status 2 bash -c 'lw-walk generate random --duration 600 -o - > full/w.json'
  umount full
fi

# -- 5. no NaN or Inf written: refused where it leaves
printf '{"format":"latentwalk.trajectory","version":1,"rate_hz":10,"frames":[{"t":0,"x":1e300,"y":1,"z":0,"azimuth":0},{"t":0.1,"x":1e300,"y":1,"z":0,"azimuth":0}]}' > big.json
for ext in json csv ndjson; do
  expect_status 2 lw-walk transform big.json --scale 1e10 -o "big2.$ext"
  expect_stderr "frame 0: x is not a finite number"
  expect_no_file "big2.$ext"
done

# -- 6. nohup: an ignored SIGHUP stays ignored while an output is written
( trap '' HUP; exec lw-walk generate random --duration 20000 --rate 50 -o long.ndjson -q ) &
writer=$!
sleep 0.3
kill -HUP "$writer" 2>/dev/null || true
status=0; wait "$writer" || status=$?
[ "$status" = 0 ] || fail "lw-walk under nohup ended with $status after SIGHUP"
[ -s long.ndjson ] || fail "no output under nohup"

# -- 7. kill -9 leaves a temp file that says what it is; the next write removes it
lw-walk generate random --duration 40000 --rate 50 -o big.ndjson -q &
victim=$!
for _ in $(seq 50); do ls -a | grep -q '^\.big\.ndjson\.partial-by-lw-walk-pid' && break; sleep 0.1; done
kill -9 "$victim" 2>/dev/null || true
wait "$victim" 2>/dev/null || true
if ls -a | grep -q '^\.big\.ndjson\.partial-by-lw-walk-pid'; then
  lw-walk convert walk.json -o big.ndjson -q
  if ls -a | grep -q '^\.big\.ndjson\.partial-by'; then ls -a; fail "the stale temp file was not removed"; fi
fi

# -- 8. audio: the extension chooses the format, unknown ones refused, FLAC on a pipe
if has lw-rhythm; then
  mid=$T/midi/rock.mid
  expect_status 2 lw-rhythm preview "$mid" -o x.raw -q
  expect_stderr "unknown audio extension '\.raw'"
  expect_no_file x.raw
  lw-rhythm preview "$mid" -o x.ogg -q
  [ "$(head -c 4 x.ogg)" = "OggS" ] || fail ".ogg is not Ogg"
  lw-rhythm preview "$mid" -o x.flac -q
  [ "$(head -c 4 x.flac)" = "fLaC" ] || fail ".flac is not FLAC"
  expect_status 0 bash -c 'cat x.flac | lw-features extract - --select loudness -o from-pipe.csv'
  [ -s from-pipe.csv ] || fail "FLAC on stdin gave nothing"
fi
