# The soundwalk and the three experience recipes run with the built tools
# (no build, no download) and write what they say; the soundwalk's sound
# changes along the walk (noisy in places, voiced in others).
export LW_BIN=$LW_BINARY_DIR/bin LW_OUT=$LW_TMP/out
expect_status 0 bash "$LW_SOURCE_DIR/recipes/soundwalk.sh"
expect_stdout "Listen to $LW_OUT/soundwalk.wav"
for f in soundwalk.wav soundwalk.manifest.json soundwalk.html soundwalk-walk.json soundwalk-walk.svg soundwalk-spectrogram.png; do
  [ -s "out/$f" ] || fail "soundwalk.sh did not write out/$f"
done
[ "$(soxi -c out/soundwalk.wav)" = 2 ] || fail "soundwalk: stereo expected"
approx "$(soxi -D out/soundwalk.wav)" 60 0.001
sox -V1 out/soundwalk.wav -t f32 -c 1 sw.f32
/usr/bin/python3 - <<'PY' || fail "the soundwalk does not change along the walk"
import numpy
x = numpy.fromfile("sw.f32", dtype=numpy.float32)
seg = 48000 * 5
flat = []
for i in range(0, len(x) - seg + 1, seg):
    p = numpy.abs(numpy.fft.rfft(x[i:i + seg] * numpy.hanning(seg))) ** 2 + 1e-12
    flat.append(float(numpy.exp(numpy.mean(numpy.log(p))) / numpy.mean(p)))
print("spectral flatness per 5 s:", " ".join("%.3f" % f for f in flat))
assert max(flat) > 0.1 and min(flat) < 0.02, "expected breathy and voiced stretches"
PY
for n in 1 2 3; do
  script=$(ls "$LW_SOURCE_DIR"/recipes/experience$n-*.sh)
  expect_status 0 bash "$script"
  [ -s "out/experience$n.wav" ] && [ -s "out/experience$n.manifest.json" ] && [ -s "out/experience$n.html" ] ||
    fail "$script outputs"
  grep -q '"report": ' "out/experience$n.manifest.json" || fail "$script: the manifest names the review page"
done
[ "$(soxi -c out/experience1.wav)" = 1 ] || fail "experience 1 is mono"
[ "$(soxi -c out/experience3.wav)" = 2 ] || fail "experience 3 is stereo"
grep -q '"stereo": "rotate"' out/experience3.manifest.json || fail "experience 3 rotates"
# A saxophone take through the model, with its review page (audio mode: the
# take's features on the page, the walker on the map).
expect_status 0 bash "$LW_SOURCE_DIR/recipes/sax-render.sh"
for f in sax-render.wav sax-render.manifest.json sax-render.html sax-render-walk.json; do
  [ -s "out/$f" ] || fail "sax-render.sh did not write out/$f"
done
approx "$(soxi -D out/sax-render.wav)" "$(soxi -D "$LW_SOURCE_DIR/testdata/sax/phrase.wav")" 0.01
grep -q '"mode": *"audio"' out/sax-render.manifest.json || fail "sax-render: an audio-mode manifest"
grep -q 'pitch (Hz' out/sax-render.html || fail "sax-render: the page shows the take's pitch"
