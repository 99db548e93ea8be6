# recipes/regression.sh, the whole loop on the recipes' own outputs: the
# first run makes the references, the next one matches them, a changed
# render, a changed text file and a missing file fail it (exit 1, JUnit and
# difference plots naming them), ACCEPT=1 takes the change and lists it.
set -euo pipefail
r=$LW_SOURCE_DIR/recipes/regression.sh
bash "$r" ref out >first.log 2>&1 || { cat first.log; fail "first run failed"; }
grep -q 'first run, the references are now ref' first.log || fail "no references made: $(tail -3 first.log)"
[ -f ref/pipeline/voices.wav ] && [ -f ref/pipeline/rhythm.mid ] && [ -f ref/sax/mixed.features.json ] \
  || fail "the references lack the recipes' outputs: $(cd ref && find . -type f | tr '\n' ' ')"

expect_status 0 env RUN=0 bash "$r" ref out
expect_stdout 'every output matches ref'
/usr/bin/python3 - out/junit.xml <<'PY'
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
assert int(s.get("tests")) >= 12 and s.get("failures") == "0", s.attrib
PY

# An unintended change: the render with another seed, one stats line, a file gone.
lw-render walk ref/pipeline/mixed.control.json --model builtin:voices --seed 2 -o ref/pipeline/voices.wav \
  --no-manifest --quiet
sed -i '2s/$/ changed/' ref/sax/mixed.stats.txt
rm ref/pipeline/rhythm.mid
expect_status 1 env RUN=0 bash "$r" ref out
expect_stdout 'FAIL +pipeline/voices.wav .*outside tolerance: .*max_abs_diff'
expect_stdout 'FAIL +sax/mixed.stats.txt .*line 2'
expect_stdout 'EXTRA +pipeline/rhythm.mid'
expect_stderr 'ACCEPT=1'
/usr/bin/python3 - out/junit.xml <<'PY'
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot().find("testsuite")
bad = {c.get("name"): c.find("failure") for c in s.findall("testcase") if c.find("failure") is not None}
assert sorted(bad) == ["pipeline/rhythm.mid", "pipeline/voices.wav", "sax/mixed.stats.txt"], sorted(bad)
assert "max_abs_diff: reference" in bad["pipeline/voices.wav"].text, bad["pipeline/voices.wav"].text
assert bad["pipeline/rhythm.mid"].get("type") == "extra"
PY
for p in pipeline/voices.wav sax/mixed.stats.txt pipeline/rhythm.mid; do
  [ -s "out/diffs/$p.svg" ] || fail "no difference plot for $p"
  grep -q "$p.svg" out/diffs/index.html || fail "index.html does not show $p"
done
grep -q 'spectrum' out/diffs/pipeline/voices.wav.svg || fail "the audio plot has no spectrogram difference"

# Accepting it: the references become the outputs, the changes listed.
expect_status 0 env RUN=0 ACCEPT=1 bash "$r" ref out
expect_stdout '^updated pipeline/voices.wav$'
expect_stdout '^updated sax/mixed.stats.txt$'
expect_stdout '^added pipeline/rhythm.mid$'
expect_status 0 env RUN=0 bash "$r" ref out
cmp -s ref/pipeline/voices.wav out/results/pipeline/voices.wav || fail "voices.wav was not updated"
