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
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
