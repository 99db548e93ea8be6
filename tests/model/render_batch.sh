# lw-render walk in batch: several walks x mappings x models in one process,
# each model loaded once; outputs equal single renders byte for byte; the
# batch is refused as a whole before anything is written; --max-duration.
/usr/bin/python3 "$LW_SOURCE_DIR/tests/model/make_test_models.py" models
for s in 1 2 3; do lw-walk generate orbit --duration 2 --seed $s -o w$s.json -q; done
printf 'latent:\n  - {dim: 0, source: x}\n  - {dim: 1, source: z, scale: 2}\n' > wide.yaml
printf 'latent:\n  - {dim: 0, source: x, scale: 0.5}\n' > narrow.yaml
mkdir out

# the model comes from stdin: it can only be read once, so three renders
# through it prove it is loaded once
expect_status 0 lw-render walk w1.json w2.json w3.json -m - -o 'out/{stem}.wav' --threads 2 < models/v2-mono-full.ts
expect_stderr '\[3/3\] w3.json -> out/w3.wav'
for s in 1 2 3; do
  lw-render walk w$s.json -m models/v2-mono-full.ts -o single$s.wav -q
  cmp out/w$s.wav single$s.wav || fail "batch render of w$s differs from a single render"
  [ -f out/w$s.manifest.json ] || fail "no manifest for w$s"
done

# walks x mappings x models
expect_status 0 lw-render walk w1.json w2.json --mapping wide.yaml --mapping narrow.yaml -m builtin:voices \
  -m models/v1-mono-512.ts -o 'out/{stem}-{mapping}-{model}.wav' --no-manifest -q
[ "$(ls out/w[12]-*-*.wav | wc -l)" = 8 ] || { ls out; fail "expected 8 renders"; }
[ "$(soxi -r out/w2-wide-v1-mono-512.wav)" = 44100 ] || fail "model of the job"
lw-render walk w2.json --mapping wide.yaml -m models/v1-mono-512.ts -o one.wav --no-manifest -q
cmp one.wav out/w2-wide-v1-mono-512.wav || fail "batch job differs from the single render"

# a jobs file: walk, mapping, model, output a line ('-' = default)
printf '# walk\tmapping\tmodel\toutput\nw3.json\twide.yaml\t-\tout/job one.wav\nw1.json - builtin:voices out/j2.wav\n' > jobs.txt
expect_status 0 lw-render walk --jobs jobs.txt -m models/v1-mono-512.ts -q
[ "$(soxi -r 'out/job one.wav')" = 44100 ] && [ "$(soxi -r out/j2.wav)" = 48000 ] || fail "jobs file models"

# refused as a whole, nothing written: clashing outputs, an output that is
# an input, a bad line, a bad mapping in the last job
expect_status 2 lw-render walk w1.json w2.json -o 'out/x.wav'
expect_stderr "need an output template"
expect_status 2 lw-render walk w1.json w2.json w1.json -o 'new/{stem}.wav'
expect_stderr "job 3: output 'new/w1.wav' is also written by job 1"
expect_status 2 lw-render walk w1.json w2.json -o '{stem}.json'
expect_stderr "is an input of the batch"
printf 'w1.json - out/z.wav\n' > bad.txt
expect_status 2 lw-render walk --jobs bad.txt
expect_stderr "bad.txt:1: expected 4 fields"
printf 'latent:\n  - {dim: 9, source: x}\n' > nine.yaml
printf 'w1.json - builtin:voices new/a.wav\nw2.json nine.yaml builtin:voices new/b.wav\n' > late.txt
mkdir new
expect_status 2 lw-render walk --jobs late.txt
expect_stderr "latent size 8"
expect_no_file new/a.wav new/b.wav

# a walk far longer than anyone means: refused unless --max-duration allows it
printf 't,x,y,z,azimuth\n0,0,0,0,0\n10000000,1,1,1,0\n' > long.csv
expect_status 2 lw-render walk long.csv -o long.wav
expect_stderr "long.csv: the walk lasts 10000000.0 s .* more than --max-duration 86400 s"
expect_no_file long.wav
printf 't,x,y,z,azimuth\n0,0,0,0,0\n3,1,1,1,0\n' > short.csv
expect_status 2 lw-render walk short.csv --max-duration 2 -o short.wav
expect_stderr "more than --max-duration 2 s"
expect_status 0 lw-render walk short.csv --max-duration 3 -o short.wav -q
