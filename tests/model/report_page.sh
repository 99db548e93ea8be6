# lw-render walk --report and lw-walk report write one self-contained page
# (no network: checked in the page and by the browser's request log) that
# headless chromium loads; seeking moves the walker marker to the walk's
# position at that time (checked against the CSV walk), clicks on the
# timeline and on the map seek, and nothing is logged to the console. A
# render too long to inline is referenced beside the page.
command -v node >/dev/null || fail "node is needed (tools/install-deps.sh)"
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is needed (tools/install-deps.sh)"
export NODE_PATH="$LW_SOURCE_DIR/tests/js/node_modules"
[ -d "$NODE_PATH/puppeteer-core" ] || fail "run 'npm ci' in tests/js"
scene="$LW_TESTDATA/scenes/experience2-landmarks.yaml"
shots="${LW_REPORT_SHOTS:-$LW_TMP}"   # set LW_REPORT_SHOTS to keep the screenshots
for seed in 1 2; do
  /usr/bin/python3 - $seed <<'PY'
import math, sys, random
seed = int(sys.argv[1]); rnd = random.Random(seed)
with open("walk%d.csv" % seed, "w") as f:
    f.write("t,x,y,z,azimuth\n")
    x, z, t, a = -5.0 + seed, -3.0, 0.0, 0.0
    for i in range(50):
        f.write("%r,%r,1.6,%r,%r\n" % (t, x, z, a % 360))
        a += rnd.uniform(-40, 40); t += rnd.uniform(0.1, 0.4)
        x += 0.5 * math.sin(math.radians(a)); z += 0.5 * math.cos(math.radians(a))
PY
done
expect_status 0 lw-render walk walk1.csv --scene "$scene" -o r1.wav --report r1.html --latents-out r1.npy -q
grep -q '"report": "r1.html"' r1.manifest.json || fail "manifest names the report"
grep -q 'data:audio/wav;base64,' r1.html || fail "a short render is inline"
# the only URL is the SVG namespace name (an identifier, never fetched)
if grep -Eo 'https?://[^"]*' r1.html | grep -qv '^http://www.w3.org/2000/svg$'; then fail "the page names a network address"; fi
node "$LW_SOURCE_DIR/tests/render/report_browser.js" r1.html walk1.csv "$shots/report-walk1.png" || fail "browser check (lw-render --report)"
# the same page from lw-walk, given the walk, the render, the scene and the latents
expect_status 0 lw-render walk walk2.csv --scene "$scene" --like nn~ -o r2.wav --latents-out r2.npy -q
expect_status 0 lw-walk report walk2.csv --audio r2.wav --scene "$scene" --latents r2.npy -o w2.html -q
grep -q '"rate":23.4375' w2.html || fail "latent rate from the render's manifest"
node "$LW_SOURCE_DIR/tests/render/report_browser.js" w2.html walk2.csv "$shots/report-walk2.png" || fail "browser check (lw-walk report)"
expect_status 0 lw-walk report walk2.csv --audio r2.wav -o bare.html -q
node "$LW_SOURCE_DIR/tests/render/report_browser.js" bare.html walk2.csv "$shots/report-bare.png" --no-latents || fail "browser check (no scene, no latents)"
# inputs are never overwritten; '-' is refused
expect_status 2 lw-walk report walk2.csv --audio r2.wav -o walk2.csv
expect_status 2 lw-render walk walk1.csv -o x.wav --report walk1.csv
expect_no_file x.wav
expect_status 2 lw-render walk walk1.csv -o - --report x.html
expect_no_file x.html
# beyond 32 MiB of 16-bit audio (here 6 minutes of mono) the page references the file beside it
printf 't,x,y,z,azimuth\n0,-2,1.6,-2,0\n360,2,1.6,2,90\n' > long.csv
lw-render walk long.csv -o long.wav -q --no-manifest --block 512
expect_status 0 lw-walk report long.csv --audio long.wav -o long.html -q
grep -q 'src="long.wav"' long.html || fail "a long render is referenced beside the page"
if grep -q 'data:audio' long.html; then fail "a long render was inlined"; fi
[ "$(stat -c %s long.html)" -lt 2000000 ] || fail "the long page is small"
node "$LW_SOURCE_DIR/tests/render/report_browser.js" long.html long.csv "$shots/report-long.png" --no-latents || fail "browser check (referenced audio)"
