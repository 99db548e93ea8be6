# The whole chain of the two works, as a Makefile (re-running rebuilds only
# what changed):
#   saxophone takes -> lw-train-explorer (dataset, MLP) -> control path
#   control path -> lw-rhythm (VAE trained on the test grooves) -> drum MIDI -> WAV
#   control path -> lw-render (as a walk: x, y on latent dimensions 0, 1) -> WAV
#
# Usage: make -f recipes/pipeline.mk [OUT=out/pipeline] [BIN=build/bin] [SEED=1] [-j2]
# Run from the repository root after building (see README.md).

BIN  ?= build/bin
OUT  ?= out/pipeline
SEED ?= 1
SAX  := testdata/sax
GROOVES := $(filter-out testdata/midi/no-drums.mid,$(wildcard testdata/midi/*.mid))

all: $(OUT)/rhythm.wav $(OUT)/voices.wav

$(OUT):
	mkdir -p $@

# Low slow notes -> (-2.5, -2.5), fast high notes -> (2.5, 2.5), sustained
# middle notes -> (-2.5, 2.5). Built under a temporary name, so a failed run
# never leaves half a dataset behind.
$(OUT)/sax.dataset.json: $(SAX)/low_slow.wav $(SAX)/high_fast.wav $(SAX)/phrase.wav | $(OUT)
	rm -f $@.part
	$(BIN)/lw-train-explorer add $@.part -q --audio $(SAX)/low_slow.wav --from 0.2 --to 4.4 --each-frame --out -2.5,-2.5,0.1,3000
	$(BIN)/lw-train-explorer add $@.part -q --audio $(SAX)/high_fast.wav --from 0.2 --to 4.1 --each-frame --out 2.5,2.5,1.5,100
	$(BIN)/lw-train-explorer add $@.part -q --audio $(SAX)/phrase.wav --from 0.2 --to 5.6 --each-frame --out -2.5,2.5,0.5,1000
	mv $@.part $@

$(OUT)/sax.model.json: $(OUT)/sax.dataset.json
	$(BIN)/lw-train-explorer train $< -o $@ --hidden 6,6 --epochs 1000 --seed $(SEED) -q

$(OUT)/mixed.control.json: $(OUT)/sax.model.json $(SAX)/mixed.wav
	$(BIN)/lw-train-explorer predict $< --audio $(SAX)/mixed.wav --smooth 0.25 -o $@

$(OUT)/grooves.lwr: $(GROOVES) | $(OUT)
	$(BIN)/lw-rhythm train $(GROOVES) -o $@ --epochs 300 --seed $(SEED) --quiet

$(OUT)/rhythm.mid: $(OUT)/grooves.lwr $(OUT)/mixed.control.json
	$(BIN)/lw-rhythm generate $< --path $(OUT)/mixed.control.json --tempo 110 --seed $(SEED) -o $@ --quiet

$(OUT)/rhythm.wav: $(OUT)/rhythm.mid
	$(BIN)/lw-rhythm preview $< -o $@ --quiet

# The control path read as a walk: x, y -> latent dimensions 0, 1 (the
# default mapping), z = 0; mono voices panned to the centre.
$(OUT)/voices.wav: $(OUT)/mixed.control.json
	$(BIN)/lw-render walk $< --model builtin:voices --seed $(SEED) -o $@ --quiet

clean:
	rm -rf $(OUT)

.PHONY: all clean
.DELETE_ON_ERROR:
