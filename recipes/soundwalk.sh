#!/usr/bin/env bash
# A soundwalk, from nothing: builds latentwalk if needed, generates a walk
# through the landmark scene of "Soundwalking deep latent spaces" (NIME 2023,
# experience 2), renders it through the built-in voices model (no download),
# and writes out/soundwalk.wav with its manifest, a plot of the walk and a
# spectrogram. Run from anywhere: bash recipes/soundwalk.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${LW_BIN:-build/bin}
if [ ! -x "$bin/lw-render" ] || [ ! -x "$bin/lw-walk" ]; then
  echo "soundwalk: building latentwalk in build/ (first run only; takes a while)"
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
  cmake --build build -j"$(nproc)"
  bin=build/bin
fi

scene=testdata/scenes/experience2-landmarks.yaml
mapping=testdata/mappings/soundwalk.yaml
out=${LW_OUT:-out}  # output directory (relative to the repository root)
mkdir -p "$out"

# 60 s visiting the landmarks: slow next to them, fast between them.
"$bin/lw-walk" generate visit --scene "$scene" --duration 60 --seed 3 -o "$out/soundwalk-walk.json"
"$bin/lw-walk" plot "$out/soundwalk-walk.json" --scene "$scene" --title "soundwalk: the walk" \
  -o "$out/soundwalk-walk.svg"
"$bin/lw-render" walk "$out/soundwalk-walk.json" --scene "$scene" --mapping "$mapping" \
  --model builtin:voices --seed 1 -o "$out/soundwalk.wav" --report "$out/soundwalk.html"

files="$out/soundwalk.wav $out/soundwalk.manifest.json $out/soundwalk.html $out/soundwalk-walk.json $out/soundwalk-walk.svg"
if command -v rsvg-convert >/dev/null; then
  rsvg-convert "$out/soundwalk-walk.svg" -o "$out/soundwalk-walk.png"
  files="$files $out/soundwalk-walk.png"
fi
if command -v sox >/dev/null; then
  sox -V1 "$out/soundwalk.wav" -n spectrogram -x 1200 -y 257 -z 80 \
    -t "soundwalk: builtin:voices along the walk (left, right)" -o "$out/soundwalk-spectrogram.png"
  files="$files $out/soundwalk-spectrogram.png"
fi

echo
echo "soundwalk: done. Listen to $out/soundwalk.wav (60 s, stereo, 48 kHz)."
echo "Open $out/soundwalk.html in a browser to hear it while seeing where the walker is."
for f in $files; do echo "  $f"; done
echo "The walk starts in breathy noise far south, turns voiced past the far stone,"
echo "changes vowel and pitch along the dune and the tower; the voice pans as the walker turns."
