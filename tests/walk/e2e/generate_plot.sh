# generate: every kind, defaults, --seed gives identical bytes; plot renders.
scene2=$LW_TESTDATA/scenes/experience2-landmarks.yaml
for kind in random orbit line spiral; do
  lw-walk generate $kind -o $kind.json -q
  lw-walk validate $kind.json -q
  lw-walk info $kind.json --json > $kind.info
  grep -q '"frames": 601' $kind.info || fail "$kind: default should be 60 s at 10 Hz (601 frames)"
done
lw-walk generate visit --scene "$scene2" --seed 7 -o v1.json -q
lw-walk generate visit --scene "$scene2" --seed 7 -o v2.json -q
lw-walk generate visit --scene "$scene2" --seed 8 -o v3.json -q
cmp v1.json v2.json || fail "same seed, different bytes"
cmp -s v1.json v3.json && fail "different seeds gave the same walk"
lw-walk generate random --scene "$scene2" --seed 3 -o r1.csv -q
lw-walk generate random --scene "$scene2" --seed 3 -o r2.csv -q
cmp r1.csv r2.csv || fail "random: same seed, different bytes"
# visit never enters a landmark and comes close to those it visits
lw-walk info v1.json --scene "$scene2" --json > v1.info
grep -A1 '"name": "tower"' v1.info >/dev/null
! grep -q '"time_inside": [1-9]' v1.info || { cat v1.info; fail "visit walked into a landmark"; }
# orbit at a radius around a landmark, facing it
lw-walk generate orbit --scene "$scene2" --landmark egg --radius 5 --face landmark --duration 10 -o o.csv -q
awk -F, 'NR > 1 { r = sqrt(($2 + 10)^2 + ($4 - 12)^2); if (r < 4.999 || r > 5.001) exit 1 }' o.csv || fail "orbit radius"
# plot: an SVG with the views, landmarks and legend; renders to PNG when rsvg-convert exists
lw-walk plot v1.json --scene "$scene2" -o v1.svg -q
for s in 'top view' 'side view' '>start<' '>end<' '>tower<' '>time (s)<'; do
  grep -qF "$s" v1.svg || fail "plot lacks '$s'"
done
if command -v rsvg-convert >/dev/null; then
  rsvg-convert v1.svg -o v1.png || fail "SVG does not render"
  [ -s v1.png ] || fail "empty PNG"
fi
lw-walk plot v1.json -o - > stdout.svg
grep -q '</svg>' stdout.svg || fail "plot to stdout"
expect_status 2 lw-walk plot v1.json -o v1.json
expect_stderr 'refusing to overwrite'
