# Every option printed by `TOOL --help` and `TOOL SUB --help` appears in the
# man page. Usage (via lw_add_e2e): help_in_man.sh TOOL
tool=$1
man="$LW_SOURCE_DIR/man/$tool.1"
[ -f "$man" ] || fail "no man page $man"
# groff escapes '-' as '\-'; compare on unescaped text
plain=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' "$man")
subs=$("$tool" --help | awk 'toupper($0) ~ /^SUBCOMMANDS:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^[^ ]/ {on=0}')
[ -n "$subs" ] || fail "$tool --help lists no subcommands"
missing=""
for sub in "" $subs; do
  opts=$("$tool" $sub --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
  for o in $opts; do
    grep -qF -- "$o" <<<"$plain" || missing="$missing $sub:$o"
  done
  if [ -n "$sub" ]; then
    grep -qE "^\.SS +\"?$sub\b|^\.SH +\"?$sub\b|^\.B +$tool $sub|^\.TP.*$sub" <<<"$plain" ||
      grep -qF "$tool $sub" <<<"$plain" || missing="$missing subcommand:$sub"
  fi
done
[ -z "$missing" ] || fail "$tool: not documented in $man:$missing"
