# lw-render walk/audio --report and lw-walk report write one self-contained page
# (no network: checked in the page and by the browser's request log) that
# headless chromium loads; seeking moves the walker marker to the walk's
# position at that time (checked against the CSV walk), clicks on the
# timeline and on the map seek, and nothing is logged to the console. A
# render too long to inline is referenced beside the page. A --like nn~
# render is heard nn~'s delay late: its page draws the walker at t - delay
# (lw-walk report reads the delay from the manifest, or --delay). An
# lw-render audio page draws the input's features (pitch with gaps) and
# spectrogram, every cursor over its canvas.
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
# r2 was rendered --like nn~: lw-walk report takes the delay from its manifest
d2=$(/usr/bin/python3 -c 'import json; print(repr(json.load(open("r2.manifest.json"))["heard_delay_seconds"]))')
node "$LW_SOURCE_DIR/tests/render/report_browser.js" w2.html walk2.csv "$shots/report-walk2.png" --delay "$d2" || fail "browser check (lw-walk report)"
expect_status 0 lw-walk report walk2.csv --audio r2.wav -o bare.html -q
node "$LW_SOURCE_DIR/tests/render/report_browser.js" bare.html walk2.csv "$shots/report-bare.png" --no-latents --delay "$d2" || fail "browser check (no scene, no latents)"
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
# a default render records the overlap it used and no overlap_requested
/usr/bin/python3 -c 'import json; m = json.load(open("r1.manifest.json")); assert m["overlap"] == 8 and "overlap_requested" not in m and m["heard_delay_seconds"] == 0' ||
  fail "r1 manifest: overlap 8, heard_delay_seconds 0"

# --like nn~: the walk is heard nn~'s buffer delay late; the page draws the
# walker at t - delay and says so; the manifest records the delays, and the
# effective overlap (no cross-fade: 0) beside the one asked for
expect_status 0 lw-render walk walk1.csv --scene "$scene" --like nn~ -o n1.wav --report n1.html -q
delay=$(/usr/bin/python3 - <<'PY'
import json
m = json.load(open("n1.manifest.json"))
sr = m["model"]["sample_rate"]
assert m["like"]["delay_samples"] == 2 * 4096 - 64, m["like"]
assert m["model_delay_samples"] == m["model"]["delay_samples"] and m["model_delay_compensated"] is False
assert m["heard_delay_samples"] == m["like"]["delay_samples"] + (m["model_delay_samples"] if m["model"]["streaming"] else 0)
assert abs(m["heard_delay_seconds"] - m["heard_delay_samples"] / sr) < 1e-12
assert m["overlap"] == 0 and m["overlap_requested"] == 8, (m["overlap"], m.get("overlap_requested"))
print(repr(m["heard_delay_seconds"]))
PY
) || fail "nn~ manifest: delays and overlap"
grep -q "Heard $(/usr/bin/python3 -c "print(round($delay * 1000))") ms late (nn~ buffer delay" n1.html || fail "the nn~ page names the delay"
node "$LW_SOURCE_DIR/tests/render/report_browser.js" n1.html walk1.csv "$shots/report-nn.png" --delay "$delay" ||
  fail "browser check (--like nn~: walker at t - delay)"
# the same page checked as if undelayed must fail on the marker (the check can tell)
if node "$LW_SOURCE_DIR/tests/render/report_browser.js" n1.html walk1.csv "$LW_TMP/x.png" --delay 0 >undelayed.log 2>&1; then
  fail "the browser check does not see the delay"
fi
grep -q "^FAIL: marker at" undelayed.log || fail "the undelayed check failed for another reason: $(head -1 undelayed.log)"
# lw-walk report's --delay overrides the manifest's (w2 above took it from there)
[ "$d2" = "$delay" ] || fail "walk1 and walk2 renders like nn~ with the same model have one delay ($d2, $delay)"
expect_status 0 lw-walk report walk2.csv --audio r2.wav --delay 0.5 -o w2b.html -q
node "$LW_SOURCE_DIR/tests/render/report_browser.js" w2b.html walk2.csv "$LW_TMP/w2b.png" --no-latents --delay 0.5 ||
  fail "browser check (lw-walk report --delay 0.5)"
expect_status 2 lw-walk report walk2.csv --audio r2.wav --delay -1 -o w2c.html
expect_no_file w2c.html
expect_status 2 lw-walk report walk2.csv --audio r2.wav --delay nan -o w2c.html
expect_stderr "--delay must be a number of seconds in \[0, 3600\], not nan"
expect_no_file w2c.html

# lw-render audio --report: the input's features and spectrogram, the
# render's spectrogram and the latents; no map without --walk or --scene
sax="$LW_TESTDATA/sax/phrase.wav"
expect_status 0 lw-render audio "$sax" -o a1.wav --report a1.html -q
grep -q '"report": "a1.html"' a1.manifest.json || fail "audio manifest names the report"
grep -q 'id="map"' a1.html && fail "an audio page without walk or scene has a map"
if grep -Eo 'https?://[^"]*' a1.html | grep -qv '^http://www.w3.org/2000/svg$'; then fail "the audio page names a network address"; fi
node "$LW_SOURCE_DIR/tests/render/report_browser.js" a1.html - "$shots/report-audio.png" --audio-mode ||
  fail "browser check (lw-render audio --report)"
# with a walk and a scene: the map and the walker too
expect_status 0 lw-render audio "$sax" --walk walk1.csv --scene "$scene" -o a2.wav --report a2.html -q
node "$LW_SOURCE_DIR/tests/render/report_browser.js" a2.html walk1.csv "$shots/report-audio-walk.png" --audio-mode ||
  fail "browser check (lw-render audio --walk --scene --report)"
# a scene alone: its landmarks on the map, no walker
expect_status 0 lw-render audio "$sax" --scene "$scene" -o a5.wav --report a5.html -q
grep -q 'id="map"' a5.html || fail "an audio page with a scene has a map"
node "$LW_SOURCE_DIR/tests/render/report_browser.js" a5.html - "$shots/report-audio-scene.png" --audio-mode ||
  fail "browser check (lw-render audio --scene --report)"
expect_status 2 lw-render audio "$sax" -o a3.wav --report "$sax"
expect_no_file a3.wav
expect_status 2 lw-render audio "$sax" -o - --report a3.html
expect_no_file a3.html
expect_status 2 lw-render audio - -o a4.wav --report a4.html < "$sax"
expect_no_file a4.wav
/usr/bin/python3 -c 'import json; m = json.load(open("a1.manifest.json")); assert m["heard_delay_seconds"] == 0 and m["model_delay_compensated"] is True' ||
  fail "audio manifest: heard delay 0 (compensated)"
