# resample to a latent rate, transform, concat.
rec=$LW_TESTDATA/walks/recorded-like.json
lw-walk resample "$rec" --rate 23.4375 -o r.csv -q
lw-walk info r.csv --json > r.json
grep -q '"period_jitter": 0' r.json || grep -q '"period_jitter": [0-9.]*e-' r.json || { cat r.json; fail "resampled walk is not uniform"; }
# The full turn across 0/360: azimuth stays in [0, 360) and never jumps through 180.
awk -F, 'NR > 1 { if ($5 < 0 || $5 >= 360) bad = 1; if (NR > 2) { d = $5 - p; if (d > 180) d -= 360; if (d < -180) d += 360; if (d > 30 || d < -30) jump = 1 } p = $5 }
         END { exit bad || jump }' r.csv || fail "azimuth out of range or jumping"
# Crossing 0/360: 350 -> 10 passes through 0.
printf 't,x,y,z,azimuth\n0,0,0,0,350\n1,0,0,0,10\n' > cross.csv
lw-walk resample cross.csv --rate 4 --method cubic --to csv > c.csv
grep -qx '0.5,0,0,0,0' c.csv || { cat c.csv; fail "350 -> 10 should pass through 0"; }
grep -qx '0.25,0,0,0,355' c.csv || { cat c.csv; fail "350 -> 10 at a quarter is 355"; }
# Same input, same bytes
lw-walk resample "$rec" --rate 23.4375 --method cubic -o c1.json -q
lw-walk resample "$rec" --rate 23.4375 --method cubic -o c2.json -q
cmp c1.json c2.json || fail "resample is not deterministic"
# transform: rotate 90 degrees clockwise turns +z into +x and adds 90 to azimuth
printf 't,x,y,z,azimuth\n0,0,1.6,2,0\n1,0,1.6,3,0\n2,0,1.6,4,0\n' > line.csv
lw-walk transform line.csv --rotate 90 --translate 1,0,0 --to csv > rot.csv
grep -qx '0,3,1.6,0,90' rot.csv || { cat rot.csv; fail "rotate/translate"; }
lw-walk transform line.csv --trim 0.5: --start-at-zero --time-scale 2 --scale 2 --to csv > t.csv
sed -n 2p t.csv | grep -qx '0,0,3.2,6,0' || { cat t.csv; fail "trim/start-at-zero/scale"; }
sed -n 3p t.csv | grep -qx '2,0,3.2,8,0' || { cat t.csv; fail "time-scale"; }
expect_status 2 lw-walk transform line.csv --trim 5:9 -o t2.csv
expect_stderr 'keeps no frame'
expect_no_file t2.csv
expect_status 2 lw-walk transform line.csv --translate 1,2 -o t2.csv
expect_stderr 'expected 3 comma-separated numbers'
# concat: times follow on, one nominal period apart
lw-walk concat line.csv line.csv -o cat.csv -q
[ "$(wc -l < cat.csv)" = 7 ] || fail "concat frame count"
sed -n 5p cat.csv | grep -q '^3,' || { cat cat.csv; fail "second walk should start at t=3 (2 + one period of 1 s)"; }
lw-walk validate cat.csv -q
