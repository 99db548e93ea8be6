# Bad inputs: exit 2, a message naming the file, no output left behind.
cd "$LW_TMP"
rock="$LW_TESTDATA/midi/rock.mid"
head -c 100 "$rock" >truncated.mid
expect_status 2 lw-rhythm train "$rock" truncated.mid -o m.lwr --epochs 1
expect_stderr 'truncated.mid'
expect_no_file m.lwr
# wrong chunk length: the track claims one byte more than there is
/usr/bin/python3 - <<'PY'
b = bytearray(open("$LW_TESTDATA/midi/rock.mid".replace("$LW_TESTDATA", __import__("os").environ["LW_TESTDATA"]), "rb").read())
i = b.index(b"MTrk")
n = int.from_bytes(b[i + 4:i + 8], "big")
b[i + 4:i + 8] = (n + 1).to_bytes(4, "big")
open("badlen.mid", "wb").write(b)
c = bytearray(open(__import__("os").environ["LW_TESTDATA"] + "/midi/rock.mid", "rb").read())
c[12:14] = (0).to_bytes(2, "big")
open("div0.mid", "wb").write(c)
c[12:14] = (0xE250).to_bytes(2, "big")
open("smpte.mid", "wb").write(c)
PY
expect_status 2 lw-rhythm train badlen.mid "$rock" -o m.lwr --epochs 1
expect_stderr 'badlen.mid.*(chunk length|End of Track|truncated)'
expect_no_file m.lwr
expect_status 2 lw-rhythm train div0.mid -o m.lwr
expect_stderr 'div0.mid: time division of 0'
expect_status 2 lw-rhythm preview smpte.mid -o x.wav
expect_stderr 'smpte.mid: SMPTE'
expect_no_file x.wav
expect_status 2 lw-rhythm train "$LW_TESTDATA/midi/no-drums.mid" -o m.lwr
expect_stderr 'no-drums.mid: no notes on MIDI channel 10'
expect_no_file m.lwr
expect_status 2 lw-rhythm preview "$LW_TESTDATA/midi/no-drums.mid" -o x.wav
expect_stderr 'no drum notes'
expect_no_file x.wav
printf 'hello' >text.mid
expect_status 2 lw-rhythm train text.mid -o m.lwr
expect_stderr 'text.mid: not a Standard MIDI File'
expect_status 2 lw-rhythm train "$rock" -o m.lwr --resolution 8
expect_stderr 'resolution'
expect_status 2 lw-rhythm train "$rock" -o m.lwr --map gm
expect_stderr "unknown drum map 'gm'"
# Training options out of range are refused before anything is read or
# printed, and the message blames the option, not the input file.
for bad in "--anchor 1.5" "--anchor-weight nan" "--ema 1" "--epochs 0"; do
  # shellcheck disable=SC2086
  expect_status 2 lw-rhythm train "$rock" -o m.lwr $bad
  expect_stderr "^lw-rhythm: error: ${bad%% *} must be"
  [ -s "$LW_TMP/last.out" ] && fail "$bad: output on stdout before the refusal: $(cat "$LW_TMP/last.out")"
  expect_no_file m.lwr
done
expect_status 2 lw-rhythm train "$LW_TESTDATA/midi/sparse.mid" -o m.lwr --min-onsets 50
expect_stderr 'training needs at least 2'
expect_no_file m.lwr
# never overwrite an input
cp "$rock" in.mid
expect_status 2 lw-rhythm train in.mid -o in.mid
cmp in.mid "$rock" || fail "input overwritten"

# A model file of another kind.
expect_status 2 lw-rhythm inspect "$rock"
expect_stderr 'rock.mid: not an lw-rhythm model file \(it is a MIDI file\)'
expect_status 2 lw-rhythm generate "$LW_TESTDATA/midi/explorer-path.control.json" --z 0,0 -o g.mid
expect_stderr 'not an lw-rhythm model file \(it is a JSON file\)'
expect_no_file g.mid
printf 'PK\003\004 torchscript' >ts.pt
expect_status 2 lw-rhythm map ts.pt -o map.svg
expect_stderr 'ts.pt: not an lw-rhythm model file \(it is a zip archive'
expect_no_file map.svg

lw-rhythm train "$rock" "$LW_TESTDATA/midi/funk.mid" -o m.lwr --epochs 1 --quiet || fail "train"
head -c 5000 m.lwr >cut.lwr
expect_status 2 lw-rhythm inspect cut.lwr
expect_stderr 'cut.lwr: truncated'
expect_status 2 lw-rhythm generate m.lwr --z 0,0,0,0 -o g.mid
expect_stderr '--z has 4 values'
expect_no_file g.mid
expect_status 2 lw-rhythm generate m.lwr -o g.mid
expect_stderr 'exactly one of --z and --path'
expect_status 2 lw-rhythm generate m.lwr --z 0,0 --path "$LW_TESTDATA/midi/explorer-path.control.json" -o g.mid
printf '{"format":"latentwalk.control","version":1,"frames":[{"t":0,"x":0,"y":0,"noise":-1,"ramp_ms":0}]}' >bad.json
expect_status 2 lw-rhythm generate m.lwr --path bad.json -o g.mid
expect_stderr 'bad.json'
expect_no_file g.mid
expect_status 2 lw-rhythm generate m.lwr --path "$LW_TESTDATA/midi/explorer-path.control.json" --loops 3 -o g.mid
expect_stderr '--loops and --noise go with --z'
# --json and -o - would both write to stdout (binary MIDI/model then JSON): refused
expect_status 2 lw-rhythm generate m.lwr --z 0,0 -o - --json
expect_stderr '--json and -o - both write to stdout'
[ ! -s last.out ] || fail "generate -o - --json wrote to stdout"
expect_status 2 lw-rhythm train "$rock" -o - --json --epochs 1
expect_stderr '--json and -o - both write to stdout'
[ ! -s last.out ] || fail "train -o - --json wrote to stdout"
expect_status 2 lw-rhythm map m.lwr -o map.svg --grid 0
expect_no_file map.svg
