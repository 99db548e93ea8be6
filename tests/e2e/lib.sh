# Helpers for end-to-end scripts (sourced by run_e2e.sh).

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_status CODE CMD...: runs CMD, fails unless it exits with CODE.
# Its stdout/stderr are kept in $LW_TMP/last.out and last.err.
expect_status() {
  local want=$1; shift
  local got=0
  "$@" >"$LW_TMP/last.out" 2>"$LW_TMP/last.err" || got=$?
  if [ "$got" != "$want" ]; then
    echo "--- stdout"; cat "$LW_TMP/last.out"; echo "--- stderr"; cat "$LW_TMP/last.err"
    fail "expected exit $want, got $got: $*"
  fi
}

# expect_stderr PATTERN: the last command's stderr matches the grep -E pattern.
expect_stderr() {
  grep -Eq -- "$1" "$LW_TMP/last.err" || { cat "$LW_TMP/last.err"; fail "stderr does not match '$1'"; }
}
expect_stdout() {
  grep -Eq -- "$1" "$LW_TMP/last.out" || { cat "$LW_TMP/last.out"; fail "stdout does not match '$1'"; }
}

# expect_no_file PATH...: none of the files exists (no partial output).
expect_no_file() {
  for f in "$@"; do [ ! -e "$f" ] || fail "'$f' exists but should not"; done
  # and no temporary files were left behind either
  if ls -a | grep -q '\.tmp-'; then ls -a; fail "temporary file left behind"; fi
}

# approx A B TOL: |A - B| <= TOL
approx() {
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }' ||
    fail "$1 is not within $3 of $2"
}
