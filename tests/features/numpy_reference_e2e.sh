# Spectral shape, RMS and K-weighted loudness against an independent numpy
# implementation of the same formulas (numpy_reference.py) on the same
# frames: every value within 1e-6 relative. Signals: two saxophone takes,
# and white noise with digital silence around it (silent frames included).
sax=$LW_TESTDATA/sax
ref=$LW_SOURCE_DIR/tests/features/numpy_reference.py
sel=centroid,spread,skewness,kurtosis,rolloff,flatness,crest,loudness
sox -D -n -r 44100 -c 1 -b 16 noise.wav synth 1.5 whitenoise vol 0.3 pad 0.5 0.5

check() {  # check AUDIO [options shared by both]
  local audio=$1; shift
  local tool_opts=() ref_opts=()
  while [ $# -gt 0 ]; do
    case $1 in
      --unit) tool_opts+=(--unit "$2"); [ "$2" = midi ] && ref_opts+=(--midi); shift 2 ;;
      --power | --kweight) tool_opts+=("$1"); ref_opts+=("$1"); shift ;;
      *) tool_opts+=("$1" "$2"); ref_opts+=("$1" "$2"); shift 2 ;;
    esac
  done
  expect_status 0 lw-features extract "$audio" -o f.csv --select $sel -q "${tool_opts[@]}"
  expect_status 0 /usr/bin/python3 "$ref" "$audio" f.csv "${ref_opts[@]}"
  cat "$LW_TMP/last.out"
}

check "$sax/phrase.wav"
check "$sax/mixed.wav" --power --unit midi --min-freq 100 --max-freq 8000 --rolloff 85 --kweight
check noise.wav
check noise.wav --window 2048 --hop 256 --fft 4096 --power
check "$sax/high_fast.wav" --unit midi --kweight --window 512 --fft 1024 --hop 128
# max-freq above Nyquist is clamped to it; a 100 % rolloff; the MIDI unit's
# DC merge; and a band inside one bin (every shape value 0)
check noise.wav --unit midi --max-freq 30000 --rolloff 100
check noise.wav --min-freq 1000 --max-freq 1010
