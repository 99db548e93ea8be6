# record --listen: a real WebSocket server; real clients (node + ws) speak
# RFC 6455 to it: ping, fragments, oversized messages, bad messages, t going
# backwards, several walkers, {walker} outputs, SIGTERM, kill -9 + --recover,
# port in use.
source "$LW_SOURCE_DIR/tests/walk/e2e/ws_lib.sh"
command -v node >/dev/null || fail "node is needed (tools/install-deps.sh)"

# --- the protocol's corners, then three walkers at once; SIGTERM stops cleanly
mkdir walks
start_server srv.err -o 'walks/{walker}.json' --max-message 4096 --json
[ -f walks/all.json.journal ] || fail "the journal should exist while recording"
node "$WS_CLIENT" "$PORT" protocol 4096 > proto.json || fail "protocol client failed"
grep -q '"pong":"are-you-there"' proto.json || { cat proto.json; fail "no pong for a ping"; }
grep -q '"oversized":{"code":1009' proto.json || { cat proto.json; fail "an oversized message should close with 1009"; }
grep -q '"normal":{"code":1000' proto.json || { cat proto.json; fail "the first connection should survive the oversized one"; }
node "$WS_CLIENT" "$PORT" stream 3 50 25 named > stream.json || fail "stream client failed"
stop_server TERM
[ "$STATUS" = 0 ] || { cat srv.err; fail "SIGTERM should stop with exit 0, got $STATUS"; }
[ ! -e walks/all.json.journal ] || fail "a clean stop removes the journal"
# w1: 3 frames + 1 fragmented + 2 from an array + 1 CSV + 1 after the oversized one
lw-walk info walks/w1.json --json > w1.json
grep -q '"frames": 8' w1.json || { cat w1.json srv.err; fail "w1: 8 frames expected"; }
lw-walk convert walks/w1.json --to csv > w1.csv
grep -q '^[0-9.e-]*,3,1.6,0,30$' w1.csv || { cat w1.csv; fail "the fragmented message should be one frame x=3"; }
# tb: t = 0, 0.1, 0.2, (0.15 dropped), 0.3 kept as sent
lw-walk convert walks/tb.json --to csv > tb.csv
[ "$(cut -d, -f1 tb.csv | tail -n +2 | tr '\n' ' ')" = "0 0.1 0.2 0.3 " ] || { cat tb.csv; fail "tb: t going backwards must be dropped"; }
for w in 0 1 2; do
  lw-walk convert "walks/walker$w.json" --to csv > "w$w.csv"
  [ "$(tail -n +2 "w$w.csv" | wc -l)" = 25 ] || fail "walker$w: 25 frames expected"
  # in order, each frame as sent: x = index, z = walker
  awk -F, -v w="$w" 'NR > 1 && ($2 != NR - 2 || $4 != w) { bad = 1 } END { exit bad }' "w$w.csv" ||
    { cat "w$w.csv"; fail "walker$w: frames out of order or altered"; }
done
[ ! -e walks/w2.json ] || fail "the oversized connection sent no frame: no file"
grep -q 'message longer than 4096 bytes' srv.err || { cat srv.err; fail "the oversized message should be noted"; }
grep -q 'a number out of range' srv.err || { cat srv.err; fail "-1e999 should be reported and skipped"; }
# The summary: 4 bad messages (-1e999, not JSON, missing z, NaN), 1 dropped.
grep -q '4 message(s) skipped, 1 frame(s) dropped' srv.err || { cat srv.err; fail "summary counts"; }

# --- one file with a walker column; kill -9 leaves the journal; --recover
start_server srv2.err -o rec.ndjson --rate 50
node "$WS_CLIENT" "$PORT" stream 2 50 20 > /dev/null || fail "stream client failed"
stop_server KILL
[ -f rec.ndjson.journal ] || fail "kill -9 should leave the journal"
[ ! -e rec.ndjson ] || fail "kill -9: no output expected"
lw-walk record --recover rec.ndjson.journal -o rec.ndjson 2> rec.err || { cat rec.err; fail "--recover failed"; }
[ "$(grep -c '"walker":"w1"' rec.ndjson)" = 20 ] || { cat rec.ndjson; fail "recovered w1: 20 frames"; }
[ "$(grep -c '"walker":"w2"' rec.ndjson)" = 20 ] || fail "recovered w2: 20 frames"
lw-walk info rec.ndjson --json > rec-info.json
grep -q '"walker": "w2"' rec-info.json || { cat rec-info.json; fail "info should show both walkers"; }
lw-walk plot rec.ndjson -o rec.svg -q
grep -q '>w1<' rec.svg && grep -q '>w2<' rec.svg && grep -q '2 walkers, 40 frames' rec.svg ||
  fail "plot should draw both walkers of the walker column in one picture"
lw-walk plot walks/walker0.json walks/walker1.json walks/walker2.json -o three.svg -q
grep -q '3 walkers, 75 frames' three.svg || fail "plot of three files: three walkers"
# a journal cut in the middle of a line (power cut): that frame only is lost
head -c -7 rec.ndjson.journal > torn.journal
lw-walk record --recover torn.journal -o torn.csv -q
[ "$(tail -n +4 torn.csv | wc -l)" = 39 ] || { cat torn.csv; fail "torn journal: 39 frames expected"; }
# A new recording refuses to replace an unrecovered journal.
expect_status 2 lw-walk record --listen 127.0.0.1:0 -o rec.ndjson
expect_stderr 'journal already exists'

# --- port in use, bad --listen: exit 2 at once, nothing left behind
start_server srv3.err -o busy.json
expect_status 2 lw-walk record --listen "127.0.0.1:$PORT" -o other.json
expect_stderr "cannot listen on 127.0.0.1:$PORT: Address already in use"
expect_no_file other.json other.json.journal
stop_server INT
[ "$STATUS" = 2 ] || fail "no frames at all: exit 2 expected, got $STATUS"
expect_no_file busy.json busy.json.journal
expect_status 2 lw-walk record --listen 127.0.0.1:99999 -o x.json
expect_stderr 'port above 65535'
expect_status 2 lw-walk record --listen 'nohost.invalid:8080' -o x.json
expect_status 2 lw-walk record --listen 127.0.0.1:0 - -o x.json
expect_no_file x.json x.json.journal

# --- --until-idle: stops by itself once every walker has gone
start_server srv4.err -o idle.json --until-idle 0.5
node "$WS_CLIENT" "$PORT" stream 1 50 10 > /dev/null
for _ in $(seq 100); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
kill -0 "$SERVER" 2>/dev/null && fail "--until-idle 0.5 did not stop the server"
wait "$SERVER" || fail "--until-idle should exit 0"
grep -q 'all walkers gone' srv4.err || { cat srv4.err; fail "stop reason"; }
[ "$(lw-walk convert idle.json --to csv | tail -n +2 | wc -l)" = 10 ] || fail "idle.json: 10 frames"

# --- --max-walkers: a connection beyond it is closed (1008) with a note; so is
# one whose messages name a walker beyond it.
start_server srv5.err -o max.ndjson --max-walkers 1
node -e '
  const W = require("ws"), url = process.argv[1];
  const closed = (ws) => new Promise((r) => ws.on("close", (code) => r(code)));
  (async () => {
    const a = new W(url); await new Promise((r) => a.on("open", r));
    a.send(JSON.stringify({ x: 1, y: 0, z: 0, phi: 0 }));
    const b = new W(url); const bc = await closed(b);
    a.send(JSON.stringify({ x: 2, y: 0, z: 0, phi: 0, walker: "other" }));
    const ac = await closed(a);
    console.log(bc, ac);
  })();' "ws://127.0.0.1:$PORT" > max.txt
[ "$(cat max.txt)" = "1008 1008" ] || { cat max.txt srv5.err; fail "connections beyond --max-walkers should be closed with 1008"; }
stop_server TERM
grep -q 'more than --max-walkers 1' srv5.err || { cat srv5.err; fail "--max-walkers note"; }
grep -q '1 refused (--max-walkers)' srv5.err || { cat srv5.err; fail "--max-walkers count"; }
[ "$(grep -c '"x":' max.ndjson)" = 1 ] || { cat max.ndjson; fail "one frame of one walker expected"; }
