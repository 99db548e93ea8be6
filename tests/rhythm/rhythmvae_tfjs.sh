# M4L.RhythmVAE files both ways, checked with TensorFlow.js itself
# (@tensorflow/tfjs, pinned in tests/js, pure JavaScript on the CPU backend):
# tfjs loads lw-rhythm's export and its three outputs equal lw-rhythm's
# decoder within 1e-5; a decoder built and saved by tfjs with the device's
# topology (random weights and batch-norm statistics) imports and decodes
# identically. Then the imported model generates along a path and maps, and
# refuses to encode; malformed folders are refused (exit 2, naming the file).
cd "$LW_TMP"
js="$LW_SOURCE_DIR/tests/js/node_modules"
[ -d "$js/@tensorflow/tfjs" ] || fail "no @tensorflow/tfjs in tests/js/node_modules (run npm ci in tests/js)"
command -v node >/dev/null || fail "node not installed (tools/install-deps.sh)"
tfjs() { NODE_PATH="$js" node "$LW_SOURCE_DIR/tests/rhythm/tfjs_decoder.js" "$@" 2>tfjs.err || { cat tfjs.err >&2; fail "tfjs_decoder.js $1"; }; }
compare() { /usr/bin/python3 "$LW_SOURCE_DIR/tests/rhythm/compare_decoders.py" "$@" || fail "decoders differ: $*"; }
echo '[[0,0],[0.5,-1],[2.5,1.5],[-3,-0.2],[1,1]]' >points.json
zs=(--z 0,0 --z 0.5,-1 --z 2.5,1.5 --z -3,-0.2 --z 1,1)

# lw-rhythm -> tfjs: a model trained on the device's grid and map.
lw-rhythm train "$LW_TESTDATA"/midi/grooves2/*.mid --map rhythmvae --epochs 3 --seed 3 -o rv.lwr -q
lw-rhythm inspect --json rv.lwr >rv.json
grep -q '"steps": 96' rv.json || fail "--map rhythmvae did not bring the 96-step grid"
grep -q '"Hi-hat closed"' rv.json || fail "--map rhythmvae did not name the device's classes"
grep -q '"min_onsets": 6' rv.json || fail "--map rhythmvae did not keep the device's loop filter (more than 5 onsets)"
lw-rhythm export rv.lwr --to rhythmvae -o rv.model -q
[ -s rv.model/model.json ] && [ -s rv.model/weights.bin ] || fail "export wrote no model.json / weights.bin"
grep -q '"moving_variance"\|moving_variance' rv.model/model.json || fail "no batch-norm moving statistics in the manifest"
tfjs load rv.model points.json tfjs-out.json
lw-rhythm decode rv.lwr "${zs[@]}" >lw-out.json
compare tfjs-out.json lw-out.json 1e-5

# tfjs -> lw-rhythm: the device's topology, saved by tfjs (two seeds, and the
# 512-wide first layer of the device's older released models).
for spec in "11 1024" "12 512"; do
  set -- $spec
  tfjs build dev$1.model points.json dev$1-tfjs.json "$1" "$2"
  lw-rhythm import dev$1.model -o dev$1.lwr -q
  lw-rhythm decode dev$1.lwr "${zs[@]}" >dev$1-lw.json
  compare dev$1-tfjs.json dev$1-lw.json 1e-5
done
# ... and the imported model exports back to the same files' outputs.
lw-rhythm export dev11.lwr --to rhythmvae -o back.model -q
tfjs load back.model points.json back-tfjs.json
compare back-tfjs.json dev11-tfjs.json 1e-5

# An imported model: generate along a control path, map; encode says why not.
lw-rhythm generate dev11.lwr --path "$LW_TESTDATA/midi/explorer-path.control.json" -o path.mid -q
[ -s path.mid ] || fail "generate --path wrote nothing"
lw-rhythm map dev11.lwr -o map.svg --grid 6 --json map.json
grep -q '"loops": 0' map.json || fail "an imported model has no training loops to draw"
expect_status 2 lw-rhythm encode dev11.lwr "$LW_TESTDATA/midi/rock.mid"
expect_stderr 'only a decoder'
lw-rhythm inspect dev11.lwr >inspect.txt
grep -q 'decoder only' inspect.txt || fail "inspect does not say the model is a decoder only"

# Export needs the device's grid and latent size.
lw-rhythm train "$LW_TESTDATA/midi/rock.mid" "$LW_TESTDATA/midi/funk.mid" --epochs 1 -o grid32.lwr -q
expect_status 2 lw-rhythm export grid32.lwr --to rhythmvae -o x.model
expect_stderr 'grid32.lwr: its loops have 32 steps'
expect_no_file x.model/model.json

# Malformed folders: exit 2 naming the file, nothing written.
mkdir -p nobin.model && cp dev11.model/model.json nobin.model/
expect_status 2 lw-rhythm import nobin.model -o bad.lwr
expect_stderr 'weights.bin: no such file'
mkdir -p short.model && cp dev11.model/model.json short.model/ && head -c 1000 dev11.model/weights.bin >short.model/weights.bin
expect_status 2 lw-rhythm import short.model -o bad.lwr
expect_stderr 'short.model/weights.bin: 1000 bytes'
mkdir -p act.model && cp dev11.model/weights.bin act.model/
/usr/bin/python3 - <<'PY'
import json
d = json.load(open("dev11.model/model.json"))
out = d["modelTopology"]["config"]["output_layers"][2][0]
for l in d["modelTopology"]["config"]["layers"]:
    if l["name"] == out:
        l["config"]["activation"] = "sigmoid"
json.dump(d, open("act.model/model.json", "w"))
PY
expect_status 2 lw-rhythm import act.model -o bad.lwr
expect_stderr "act.model/model.json: layer '.*' has activation 'sigmoid', M4L.RhythmVAE's decoder has 'tanh'"
expect_no_file bad.lwr
