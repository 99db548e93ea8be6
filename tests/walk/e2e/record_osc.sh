# record --osc: every accepted frame is also sent as OSC, received here by
# a real OSC receiver (a UDP socket decoding OSC), while the recording is written.
source "$LW_SOURCE_DIR/tests/walk/e2e/ws_lib.sh"
# The receiver: a UDP socket on 127.0.0.1 decoding OSC (osc_receiver.py).
/usr/bin/python3 "$LW_SOURCE_DIR/tests/walk/e2e/osc_receiver.py" osc.port 31 3 > osc.txt 2> osc.err &
dump=$!
LW_PIDS="$LW_PIDS $dump"
for _ in $(seq 100); do [ -s osc.port ] && break; sleep 0.1; done
osc_port=$(cat osc.port 2>/dev/null) || { cat osc.err; fail "the OSC receiver did not start"; }

start_server srv.err -o osc.ndjson --osc "127.0.0.1:$osc_port" --osc-address '/nn/{walker}/pos'
node "$WS_CLIENT" "$PORT" stream 2 50 15 named > /dev/null || fail "stream client failed"
# one bad message: it is neither recorded nor forwarded
node -e 'const W=require("ws"); const a=new W(process.argv[1]); a.on("open",()=>{a.send("{\"x\":1e999,\"y\":0,\"z\":0,\"phi\":0}"); a.close();}); a.on("close",()=>process.exit(0));' "ws://127.0.0.1:$PORT"
sleep 0.3
stop_server TERM
[ "$STATUS" = 0 ] || { cat srv.err; fail "record should exit 0"; }
wait "$dump" || { cat osc.err; fail "the OSC receiver failed (a malformed OSC message?)"; }
# Printed as ADDRESS TYPES VALUES...
[ "$(grep -c '^/nn/walker0/pos ffff ' osc.txt)" = 15 ] || { cat osc.txt; fail "15 OSC messages for walker0 expected"; }
[ "$(grep -c '^/nn/walker1/pos ffff ' osc.txt)" = 15 ] || { cat osc.txt; fail "15 OSC messages for walker1 expected"; }
[ "$(wc -l < osc.txt)" = 30 ] || { cat osc.txt; fail "nothing else forwarded (the bad message neither)"; }
# The values are the frames: x = index, y = 1.6, z = walker, azimuth = 7 x index, in order.
awk '$1 == "/nn/walker1/pos" { n++; if ($3 + 0 != n - 1 || ($4 - 1.6)^2 > 1e-10 || $5 + 0 != 1 || $6 + 0 != (7 * (n - 1)) % 360) bad = 1 } END { exit bad || n != 15 }' osc.txt ||
  { cat osc.txt; fail "OSC values do not match the frames sent"; }
[ "$(grep -c '"walker":"walker1"' osc.ndjson)" = 15 ] || fail "the recording holds the same frames"
# Bad --osc values: exit 2 before listening.
expect_status 2 lw-walk record --listen 127.0.0.1:0 -o y.json --osc 127.0.0.1:0
expect_stderr 'port 0'
expect_status 2 lw-walk record --listen 127.0.0.1:0 -o y.json --osc 127.0.0.1:9000 --osc-address 'no slash'
expect_stderr 'not an OSC address'
expect_no_file y.json y.json.journal
