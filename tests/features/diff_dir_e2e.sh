# lw-features diff --dir from the command line: exit 0/1/2, the line per
# file, --json, --exclude, --junit written on failure, --update.
set -euo pipefail
mkdir -p ref/takes out/takes
cp "$LW_TESTDATA/sax/phrase.wav" "$LW_TESTDATA/sax/low_slow.wav" ref/takes/
cp "$LW_TESTDATA/sax/phrase.wav" "$LW_TESTDATA/sax/low_slow.wav" out/takes/
cp "$LW_TESTDATA/sax/phrase.notes.csv" ref/ && cp "$LW_TESTDATA/sax/phrase.notes.csv" out/
expect_status 0 lw-features diff --dir ref out
expect_stdout '^3 files: 3 same'

# a take swapped for another: the audio measures fail, by name
cp "$LW_TESTDATA/sax/mixed.wav" out/takes/low_slow.wav
echo "x" >out/new.txt
expect_status 1 lw-features diff --dir ref out --junit j.xml
expect_stdout '^FAIL +takes/low_slow.wav +\(outside tolerance: .*length'
expect_stdout '^EXTRA +new.txt'
expect_stderr '2 of 4 files differ from the reference tree ref'
grep -q 'name="takes/low_slow.wav"' j.xml && grep -q 'failures="2"' j.xml || { cat j.xml; fail "JUnit"; }
expect_status 1 lw-features diff --dir ref out --json --exclude new.txt
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["ok"] is False and d["counts"] == {"same": 2, "differ": 1, "missing": 0, "extra": 0, "error": 0}, d["counts"]
f = [x for x in d["files"] if x["path"] == "takes/low_slow.wav"][0]
assert any(m["name"] == "length" and not m["ok"] for m in f["measures"])
' "$LW_TMP/last.out"

# the same tolerance options as for a pair: loose length and levels are not enough, the spectra differ
expect_status 1 lw-features diff --dir ref out --exclude new.txt --tol-length 1000000 --tol-rms-db 50 --tol-peak-db 50

# bad usage: exit 2, nothing written
expect_status 2 lw-features diff ref/takes/phrase.wav out/takes/phrase.wav --junit k.xml
expect_stderr 'give --dir'
expect_status 2 lw-features diff --dir ref/phrase.notes.csv out --junit k.xml
expect_stderr 'phrase.notes.csv: is not a directory'
expect_no_file k.xml

# --update: accept, list, then pass
expect_status 0 lw-features diff --dir ref out --update
expect_stdout '^updated takes/low_slow.wav$'
expect_stdout '^added new.txt$'
expect_status 0 lw-features diff --dir ref out
cmp -s ref/takes/low_slow.wav "$LW_TESTDATA/sax/mixed.wav" || fail "reference not rewritten"
