#!/usr/bin/env bash
# Installs the Debian 12 packages latentwalk needs to build, run and test.
# Idempotent and non-interactive; run as root (or through sudo).
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config ccache git
  # libraries
  libcli11-dev nlohmann-json3-dev libyaml-cpp-dev libsndfile1-dev
  libsamplerate0-dev libkissfft-dev libtorch-dev
  # LibTorch links the system libblas.so.3; without OpenBLAS that is the
  # reference BLAS, about 10x slower for training.
  libopenblas0-pthread
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  python3-torch python3-numpy python3-mido midicsv sox
  fluidsynth fluid-soundfont-gm aubio-tools librsvg2-bin time bc
  # lw-walk record: OSC forwarding (liblo) and a real OSC receiver for tests
  liblo-dev liblo-tools
  # lw-walk record --listen (issue 9): the WebSocket server is Boost.Beast
  # (header-only: nothing more to load at start-up)
  libboost-dev
  # browser tests (lw-walk's page, lw-render --report): headless chromium
  chromium
  # workflows: Snakemake locally and on a one-node Slurm cluster
  snakemake slurm-wlm munge
  # fuzz targets (libFuzzer) and the ASan+UBSan build
  clang libclang-rt-14-dev
)

# Node.js runs the JavaScript side of the tests (TensorFlow.js, puppeteer-core
# driving chromium, WebSocket clients). Many machines come with a Node.js of
# their own; Debian's is taken only where there is none.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
else
  export DEBIAN_FRONTEND=noninteractive
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The tests' JavaScript packages, at the versions pinned in
# tests/js/package-lock.json (npm's cache keeps them for the next run).
js="$(cd "$(dirname "$0")/../tests/js" && pwd)"
if [ ! -f "$js/node_modules/.package-lock.json" ] ||
   ! cmp -s "$js/package-lock.json" "$js/node_modules/.lw-installed-lock"; then
  echo "install-deps: npm ci in tests/js"
  (cd "$js" && npm ci --no-audit --no-fund --loglevel=error &&
     cp package-lock.json node_modules/.lw-installed-lock)
fi
