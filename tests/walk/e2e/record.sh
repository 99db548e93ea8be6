# record: NDJSON messages arriving on stdin are stamped by arrival and
# written atomically at end of input, at --duration, or on SIGINT.
msg() { printf '{"x":%s,"y":1.6,"z":0,"phi":%s}\n' "$1" "$2"; }
{ msg 0 350; sleep 0.2; msg 1 355; sleep 0.2; echo 'oops'; msg 2 5; sleep 0.2; msg 3 10; } |
  lw-walk record -o rec.json 2> rec.err
grep -q 'warning: <stdin>:3: not a JSON object' rec.err || { cat rec.err; fail "bad message should be reported"; }
lw-walk info rec.json --json > info.json
grep -q '"frames": 4' info.json || { cat info.json; fail "4 frames expected"; }
# Stamped by arrival: the messages came 0.2 s apart (more on a loaded machine).
dur=$(sed -n 's/.*"duration": *\([0-9.e-]*\).*/\1/p' info.json)
awk -v d="$dur" 'BEGIN { exit !(d >= 0.55 && d < 5) }' || fail "recorded duration $dur, expected about 0.6 s"
# Given time stamps are kept; the output format follows the extension.
printf '{"t":1,"x":0,"y":0,"z":0,"azimuth":0}\n{"t":1.1,"x":1,"y":0,"z":0,"azimuth":0}\n' |
  lw-walk record --rate 10 -o rec.csv -q
grep -qx '1.1,1,0,0,0' rec.csv || { cat rec.csv; fail "record keeps t"; }
# Nothing usable: exit 2, no file.
expect_status 2 bash -c 'echo nonsense | lw-walk record -o none.json'
expect_stderr 'no frames recorded'
expect_no_file none.json
# --duration ends a stream that does not end by itself.
mkfifo live
( msg 0 0; msg 1 1; exec sleep 5 ) > live 2>/dev/null &
writer=$!
start=$(date +%s.%N)
lw-walk record --duration 0.5 -o dur.json -q < live
end=$(date +%s.%N)
kill $writer 2>/dev/null || true
took=$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')
awk -v d="$took" 'BEGIN { exit !(d >= 0.45 && d < 4.5) }' || fail "--duration 0.5 took $took s (the stream stays open 5 s)"
lw-walk validate dur.json -q
# SIGINT: stop and write what was recorded.
mkfifo live2
( msg 0 0; msg 1 1; msg 2 2; exec sleep 10 ) > live2 2>/dev/null &
writer=$!
lw-walk record -o int.json -q < live2 &
rec=$!
sleep 1.5  # let it read the three messages, even on a loaded machine
kill -INT $rec
wait $rec || fail "record should exit 0 after SIGINT"
kill $writer 2>/dev/null || true
lw-walk info int.json --json | grep -q '"frames": 3' || fail "SIGINT: 3 frames expected"
expect_no_file nothing-left-behind
