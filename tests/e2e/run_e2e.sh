#!/usr/bin/env bash
# Runs one end-to-end test script in a fresh temporary directory, with the
# helpers of e2e/lib.sh loaded. Usage: run_e2e.sh SCRIPT [ARGS...]
set -euo pipefail
script=$1; shift
LW_TMP=$(mktemp -d "${TMPDIR:-/tmp}/lw-e2e.XXXXXX")
export LW_TMP
trap 'rm -rf "$LW_TMP"' EXIT
cd "$LW_TMP"
# shellcheck source=lib.sh
source "$LW_SOURCE_DIR/tests/e2e/lib.sh"
source "$script" "$@"
echo "ok: $(basename "$script") $*"
