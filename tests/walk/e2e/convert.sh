# convert: lossless round trips between JSON, CSV and NDJSON, stdin/stdout,
# --to, and refusing to overwrite the input.
rec=$LW_TESTDATA/walks/recorded-like.json
lw-walk convert "$rec" -o a.csv -q
lw-walk convert a.csv -o b.ndjson -q
lw-walk convert b.ndjson -o c.json -q
head -1 a.csv | grep -qx 't,x,y,z,azimuth' || fail "CSV header"
# Values survive every hop: the frames of c.json equal the original's, byte for byte
# (the CSV hop loses only the provenance note and keeps the estimated rate).
lw-walk convert "$rec" --to csv > direct.csv
cmp a.csv direct.csv || fail "convert to stdout differs from -o"
lw-walk convert c.json --to csv > back.csv
cmp a.csv back.csv || fail "values changed in a JSON -> CSV -> NDJSON -> JSON round trip"
# JSON -> NDJSON -> JSON keeps everything, provenance and rate included.
lw-walk convert "$rec" -o e0.json -q
lw-walk convert e0.json -o d.ndjson -q
lw-walk convert d.ndjson -o e.json -q
cmp e0.json e.json || fail "JSON -> NDJSON -> JSON is not identical"
grep -q '"source": "synthetic recorded-like' e.json || fail "provenance lost"
# stdin with sniffing, and --to for stdout
lw-walk convert - --to ndjson < a.csv > f.ndjson
cmp f.ndjson b.ndjson || fail "stdin CSV -> NDJSON differs"
# The browser stream: no t, phi for azimuth; needs --rate
expect_status 2 lw-walk convert "$LW_TESTDATA/walks/browser-stream.ndjson" -o g.json
expect_stderr 'browser-stream.ndjson:1: frame 0: no "t"; give the arrival rate \(--rate HZ\)'
expect_no_file g.json
lw-walk convert "$LW_TESTDATA/walks/browser-stream.ndjson" --rate 10 -o g.csv -q
sed -n 3p g.csv | grep -q '^0.1,' || fail "arrival order at 10 Hz: second frame should be at t=0.1"
# An explorer control path reads as a walk in the ground plane.
cat > control.json <<'JSON'
{"format":"latentwalk.control","version":1,"rate_hz":4,"frames":[{"t":0,"x":1.5,"y":-2,"noise":0,"ramp_ms":0},{"t":0.25,"x":2,"y":0.5,"noise":0.1,"ramp_ms":50}]}
JSON
lw-walk convert control.json --to csv > control.csv
grep -qx '0.25,2,0.5,0,0' control.csv || { cat control.csv; fail "control path frame"; }
# Refuses to overwrite its input unless --in-place; no temp files left behind.
cp a.csv same.csv
expect_status 2 lw-walk convert same.csv -o same.csv
expect_stderr "refusing to overwrite"
lw-walk convert same.csv -o same.csv --in-place -q
cmp same.csv a.csv || fail "--in-place changed values"
# Unknown output extension
expect_status 2 lw-walk convert a.csv -o out.txt
expect_stderr "cannot tell the format of 'out.txt'"
expect_no_file out.txt
# --json summary
lw-walk convert a.csv -o h.json --json > summary.json
grep -q '"frames":404' summary.json || { cat summary.json; fail "--json summary"; }
# A file with several walkers (lw-walk record's NDJSON or CSV with a walker
# column) read as one walk: the second walker is named, with what to do;
# --walker picks one (its frames only); an unknown walker lists the walkers.
cat > two.ndjson <<'ND'
{"t":0,"x":0,"y":0,"z":0,"azimuth":0,"walker":"ana"}
{"t":0,"x":5,"y":0,"z":0,"azimuth":90,"walker":"bo"}
{"t":0.1,"x":0,"y":0,"z":1,"azimuth":0,"walker":"ana"}
{"t":0.1,"x":5,"y":0,"z":1,"azimuth":90,"walker":"bo"}
{"t":0.2,"x":0,"y":0,"z":2,"azimuth":0,"walker":"ana"}
ND
for cmd in "convert two.ndjson -o one.json" "resample two.ndjson --rate 20 -o one.json"; do
  # shellcheck disable=SC2086
  expect_status 2 lw-walk $cmd
  expect_stderr "two.ndjson:2: a second walker 'bo' after 'ana': the file holds several walkers; pick one with --walker NAME"
  expect_no_file one.json
done
expect_status 2 lw-walk validate two.ndjson  # its report of problems is on stdout
expect_stdout "two.ndjson:2: a second walker 'bo' after 'ana'"
lw-walk convert two.ndjson --walker bo -o bo.csv -q
[ "$(tail -n +2 bo.csv | grep -v '^#' | tr '\n' ' ')" = "0,5,0,0,90 0.1,5,0,1,90 " ] || { cat bo.csv; fail "--walker bo frames"; }
lw-walk convert two.ndjson --walker ana -o ana.json -q
lw-walk validate ana.json -q
[ "$(lw-walk info ana.json --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["frames"])')" = 3 ] || fail "--walker ana: 3 frames"
lw-walk convert two.ndjson -o both.csv --to csv 2>/dev/null && fail "several walkers converted as one" || true
printf 't,x,y,z,azimuth,id\n0,0,0,0,0,7\n0,1,0,0,0,8\n0.1,0,0,1,0,7\n' > two.csv
expect_status 2 lw-walk convert two.csv -o x.json
expect_stderr "two.csv:3: a second walker '8' after '7'"
lw-walk convert two.csv --walker 7 -o seven.json -q
expect_status 2 lw-walk convert two.ndjson --walker cy -o cy.json
expect_stderr "two.ndjson: has no walker 'cy' \(its walkers: ana, bo\)"
expect_no_file cy.json
expect_status 2 lw-walk convert a.csv --walker ana -o x.json
expect_stderr "a.csv: has no walker column"
expect_status 2 lw-walk convert ana.json --walker ana -o x.json
expect_stderr "ana.json: is a JSON trajectory \(one walker\)"
expect_no_file x.json
# A device or pipe has no extension to read a format from: JSON, as on stdout
# (--to chooses); the device is written in place, never replaced.
lw-walk convert a.csv -o /dev/null -q
[ -c /dev/null ] || fail "/dev/null replaced"
lw-walk convert a.csv -o /dev/stdout -q | head -c 200 | grep -q '"format": "latentwalk.trajectory"' || fail "JSON on /dev/stdout"
lw-walk convert a.csv -o /dev/stdout --to csv -q | head -1 | grep -qx 't,x,y,z,azimuth' || fail "--to csv on /dev/stdout"
