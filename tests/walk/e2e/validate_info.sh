# validate: exit 0 when valid (gaps are warnings), 2 with one line per problem;
# info: the figures a user asks about, as text and JSON.
rec=$LW_TESTDATA/walks/recorded-like.json
expect_status 0 lw-walk validate "$rec"
expect_stdout 'valid, 404 frames'
expect_status 0 lw-walk validate "$rec" --max-gap 0.3
expect_stdout '^warning: .*recorded-like.json: frame [0-9]+: gap of 0.600 s'
expect_status 2 lw-walk validate "$rec" --max-gap 0.3 --strict
expect_stdout 'invalid, 1 problem'
printf 't,x,y,z,azimuth\n0,0,0,0,0\n0.1,x,0,0,0\n0.2,0,0,0,nan\n0.3,0,0,0,0\n0.3,0,0,0,0\n' > bad.csv
expect_status 2 lw-walk validate bad.csv
[ "$(grep -c '^bad.csv:[0-9]' "$LW_TMP/last.out")" = 3 ] || { cat "$LW_TMP/last.out"; fail "expected one line per problem (3)"; }
expect_stdout '^bad.csv:3: frame 1'
expect_stdout '^bad.csv:4: frame 2'
expect_stdout '^bad.csv:6: frame 4: duplicate'
lw-walk validate bad.csv --json > v.json || true
grep -q '"valid":false' v.json || fail "validate --json"
printf 'garbage\x00' > g.csv
expect_status 2 lw-walk validate g.csv
expect_stdout 'g.csv:1: contains binary data'
# info
lw-walk info "$rec" --scene "$LW_TESTDATA/scenes/experience1-voice.yaml" --json > info.json
num() { sed -n "s/.*\"$1\": *\([-0-9.e]*\).*/\1/p" info.json | head -1; }
[ "$(num frames)" = 404 ] || fail "frames"
approx "$(num duration)" 39.97 0.05
approx "$(num effective_rate_hz)" 10.1 0.2
approx "$(num mean_period)" 0.099 0.002
# jitter: the walk has a burst and a 0.6 s dropout, so the period varies by tens of ms
approx "$(num period_jitter)" 0.03 0.015
approx "$(num max_period)" 0.6 0.001
approx "$(num total_turn_deg)" 900 120   # includes the full turn across 0/360
# standing still: the pause at 9-12 s and the turn on the spot at 27-31 s
[ "$(num pauses)" = 2 ] || fail "the recorded-like walk stands still twice"
approx "$(num pause_time)" 7 0.3
grep -q '"name": "origin"' info.json || fail "landmark stats"
approx "$(num nearest)" 2.1 0.1
lw-walk info "$rec" > info.txt
grep -q 'azimuth turned' info.txt || fail "info text"
# -q is accepted by every subcommand (a no-op for info) and changes nothing on stdout
lw-walk info "$rec" -q > info-q.txt
cmp info.txt info-q.txt || fail "info -q changed the output"
grep -q 'source.*recorded_like.py' info.txt || fail "info shows provenance"
