# Every bad input fails with exit 2, names the file (and line/frame), and
# leaves no output behind.
check() {  # check FILE PATTERN
  expect_status 2 lw-walk convert "$1" -o out.json
  expect_stderr "$2"
  expect_no_file out.json
}
printf '' > empty.csv;                                check empty.csv 'empty.csv: is empty'
printf 'hello world\n' > words.json;                  check words.json 'words.json:1: column 1: not valid JSON|words.json:1: not valid JSON'
printf 't,x,y,azimuth\n0,1,2,3\n' > nocol.csv;        check nocol.csv 'nocol.csv:1: missing column z'
printf 't,x,y,z,azimuth\n0,1,2,3,4\n0.1,1,two,3,4\n' > text.csv; check text.csv "text.csv:3: frame 1: y 'two' is not a number"
printf 't,x,y,z,azimuth\n0,1,2,3,4\n0.1,inf,2,3,4\n' > inf.csv;  check inf.csv "inf.csv:3: frame 1: x 'inf' is not finite"
printf 't,x,y,z,azimuth\n0,1,2,3,4\n0.2,1,2,3,4\n0.1,1,2,3,4\n' > back.csv; check back.csv 'back.csv:4: frame 2: time goes backwards'
printf 't,x,y,z,azimuth\n0,1,2,3,4\n0,1,2,3,4\n' > dup.csv; check dup.csv 'dup.csv:3: frame 1: duplicate time stamp'
printf '{"t":0,"x":1,"y":2,"z":3,"azimuth":4}\n{"t":0.1,"x":1,"y":2,"z":3}\n' > miss.ndjson; check miss.ndjson 'miss.ndjson:2: missing "azimuth"'
printf '{"format":"latentwalk.trajectory","version":1,"frames":[\n{"t":0,"x":1,"y":2,"z":3,"azimuth":4},\n{"t":0.1,"x":null,"y":2,"z":3,"azimuth":4}]}\n' > null.json
check null.json 'null.json:3: frame 1: "x" must be a number'
printf '{"format":"latentwalk.features","version":1}\n' > other.json; check other.json 'other.json: is a "latentwalk.features" file'
head -c 3000 /dev/urandom > random.bin;               check random.bin 'random.bin'
# A 2 GB file of garbage (sparse: no disk space used) fails at once with bounded memory.
printf 't,x,y,z,azimuth\n' > huge.csv
truncate -s 2G huge.csv
/usr/bin/time -v lw-walk convert huge.csv -o out.json 2> time.err && fail "huge garbage accepted"
grep -q 'huge.csv:2: contains binary data' time.err || { cat time.err; fail "huge garbage message"; }
rss=$(awk '/Maximum resident set size/ {print $6}' time.err)
[ "$rss" -lt 65536 ] || fail "peak memory ${rss} KiB reading 2 GB of garbage"
expect_no_file out.json
# ... and one long line of text: stops after 1 MiB
head -c 50000000 /dev/zero | tr '\0' 'a' > long.csv
/usr/bin/time -v lw-walk convert long.csv -o out.json 2> time.err && fail "long line accepted"
grep -q 'long.csv:1: line longer than' time.err || { cat time.err; fail "long line message"; }
rss=$(awk '/Maximum resident set size/ {print $6}' time.err)
[ "$rss" -lt 65536 ] || fail "peak memory ${rss} KiB reading a 50 MB line"
# Missing input, directory
expect_status 2 lw-walk info nothere.json
expect_stderr 'nothere.json: no such file'
expect_status 2 lw-walk info .
expect_stderr 'is a directory'
# Bad scenes name the file, line and key.
printf 'landmarks:\n  - name: a\n    centre: [0, 0, 0]\n    radius: -2\n' > neg.yaml
expect_status 2 lw-walk info "$LW_TESTDATA/walks/recorded-like.json" --scene neg.yaml
expect_stderr "neg.yaml:4: landmark 'a'.radius: must be > 0"
printf 'landmarks:\n  - name: a\n    centre: [0, 0, 0]\n    radius: 2\n    colr: red\n' > typo.yaml
expect_status 2 lw-walk plot "$LW_TESTDATA/walks/recorded-like.json" --scene typo.yaml -o p.svg
expect_stderr "typo.yaml:5: landmarks\[0\]: unknown key 'colr'"
expect_no_file p.svg
# Bad options
expect_status 2 lw-walk resample "$LW_TESTDATA/walks/recorded-like.json" --rate 0 -o r.json
expect_stderr 'rate must be a finite number > 0'
expect_no_file r.json
expect_status 2 lw-walk resample "$LW_TESTDATA/walks/recorded-like.json" --rate 10 --method spline -o r.json
expect_no_file r.json
expect_status 2 lw-walk generate zigzag -o z.json
expect_no_file z.json
expect_status 2 lw-walk generate orbit --scene "$LW_TESTDATA/scenes/experience2-landmarks.yaml" --landmark moon -o z.json
expect_stderr "no landmark 'moon'.*tower"
expect_no_file z.json
