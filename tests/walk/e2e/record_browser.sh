# The browser side: Debian's chromium, headless, opens recipes/browser/walk.html
# with a scripted walk (and a second page walked with the keyboard) and streams
# to a lw-walk record started here; the frames arrive at about 10 Hz, in
# order, on the scripted path.
source "$LW_SOURCE_DIR/tests/walk/e2e/ws_lib.sh"
[ -x /usr/bin/chromium ] || fail "chromium is needed (tools/install-deps.sh)"
[ -d "$NODE_PATH/puppeteer-core" ] || fail "puppeteer-core is needed (npm ci in tests/js)"
lw-walk scene-json "$LW_TESTDATA/scenes/experience2-landmarks.yaml" -o scene.json -q
# 4 s: along the tower's south side, round a corner, turning through 0 on the way.
cat > script.json <<'JSON'
[[0, -6, 1.6, -8, 80], [1.5, 0, 1.6, -8, 100], [3, 3, 1.7, -4, 20], [4, 3, 1.6, 0, 340], [9, 3, 1.6, 0, 340]]
JSON
mkdir -p browser
start_server srv.err -o 'browser/{walker}.json' --json
node "$LW_SOURCE_DIR/tests/walk/e2e/browser_walk.js" run "$PORT" scene.json script.json > pages.json ||
  { cat srv.err; fail "the browser run failed"; }
stop_server TERM
[ "$STATUS" = 0 ] || { cat srv.err; fail "record should exit 0"; }
grep -q '"errors":\[\]' pages.json || { cat pages.json; fail "the page reported errors"; }
grep -q 'experience 2' pages.json || { cat pages.json; fail "the page did not show the scene"; }
[ "$(grep -c 'connected from 127.0.0.1' srv.err)" = 2 ] || { cat srv.err; fail "both pages should connect"; }
node "$LW_SOURCE_DIR/tests/walk/e2e/browser_walk.js" check browser/scripted.json script.json > check.json ||
  { cat check.json; fail "the scripted walk did not arrive as sent"; }
# Every frame a page sent was recorded.
sent=$(sed -n 's/.*"scripted":\([0-9]*\).*/\1/p' pages.json)
got=$(lw-walk info browser/scripted.json --json | sed -n 's/.*"frames": \([0-9]*\).*/\1/p')
[ "$sent" = "$got" ] || fail "scripted: the page sent $sent frames, $got recorded"
# The keyboard walker went forward along +z, turned right (clockwise) to
# about 90, then forward along +x; the recording ends at the page's pose.
node "$LW_SOURCE_DIR/tests/walk/e2e/browser_walk.js" keys browser/keys.json pages.json > keys.json ||
  { cat keys.json; fail "the keyboard walk is not in the recording"; }
