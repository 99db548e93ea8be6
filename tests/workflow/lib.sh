# Shared by the workflow tests: a small config of copied walks and takes.
# wf_config FILE: writes the config (paths absolute, out: out) to FILE.
wf_config() {
  mkdir -p "$LW_TMP/walks" "$LW_TMP/takes"
  cp "$LW_TESTDATA/walks/browser-stream.ndjson" "$LW_TMP/walks/"
  cp "$LW_TESTDATA/sax/low_slow.wav" "$LW_TESTDATA/sax/high_fast.wav" "$LW_TMP/takes/"
  sed -e "s#@TESTDATA@#$LW_TESTDATA#g; s#@WALKS@#$LW_TMP/walks#; s#@TAKES@#$LW_TMP/takes#; s#@BIN@#$LW_BINARY_DIR/bin#" \
    "$LW_SOURCE_DIR/tests/workflow/small.yaml.in" >"$1"
}
# The outputs the small config gives (summary.csv rows): 2 walks (1 NDJSON
# converted, 1 generated) x (plot + 2 renders), 2 takes x (features, stats,
# plot, control, drums, preview), dataset, model, rhythm model.
WF_OUTPUTS=$((1 + 1 + 2 + 4 + 2 * 6 + 3))
