# Helpers for the lw-walk record server tests (sourced after lib.sh).
# Every process started here is stopped on exit, also when a check fails.
LW_PIDS=""
lw_cleanup() {
  for p in $LW_PIDS; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$LW_TMP"
}
trap lw_cleanup EXIT
export NODE_PATH="$LW_SOURCE_DIR/tests/js/node_modules"
WS_CLIENT="$LW_SOURCE_DIR/tests/walk/e2e/ws_client.js"

# start_server ERRFILE ARGS...: lw-walk record --listen 127.0.0.1:0 ARGS in the
# background; sets SERVER (its pid) and PORT (read from its first note).
start_server() {
  local err=$1; shift
  lw-walk record --listen 127.0.0.1:0 "$@" 2>"$err" &
  SERVER=$!
  LW_PIDS="$LW_PIDS $SERVER"
  PORT=""
  for _ in $(seq 100); do
    PORT=$(sed -n 's/.*listening on ws:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$err")
    [ -n "$PORT" ] && return 0
    kill -0 "$SERVER" 2>/dev/null || { cat "$err"; fail "lw-walk record did not start"; }
    sleep 0.1
  done
  cat "$err"; fail "lw-walk record did not say where it listens"
}

# stop_server [SIGNAL]: signals the server (TERM by default) and waits; sets STATUS.
stop_server() {
  kill -"${1:-TERM}" "$SERVER"
  STATUS=0
  wait "$SERVER" || STATUS=$?
}

# json_field FILE KEY: a top-level number from a one-line JSON summary.
json_field() { sed -n "s/.*\"$2\": *\([0-9.e+-]*\).*/\1/p" "$1" | head -1; }
