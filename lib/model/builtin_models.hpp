// The built-in models builtin:voices (mono) and builtin:voices-stereo: small
// neural decoders made in C++ as real TorchScript modules in the nn~ / RAVE
// contract, so that everything works with no download.
//
// They are NOT trained on any data. Each is a fixed-seed MLP from an
// 8-dimensional latent (48 kHz, ratio 2048) to the controls of a
// harmonic-plus-filtered-noise synthesiser (after DDSP, Engel et al. 2020:
// harmonic oscillator bank + filtered noise): pitch, voicing, loudness,
// three formants and a spectral tilt shaping the harmonic amplitudes, and
// eight noise band gains. A residual linear path makes the first dimensions
// legible: 0 pitch and openness, 1 vowel (second formant), 2 voicing
// (breathy noise -> voiced). The stereo model changes the formants of the two
// channels apart and decorrelates them by amounts the latent sets.
//
// Synthesis is frame-local (overlap-add of grains, one per latent frame) and
// pitches lie on the harmonic series of the frame rate (multiples of
// 48000/2048 = 23.4375 Hz, cross-faded smoothly between neighbours), so each
// grain holds whole periods and oscillator phase is continuous across frames
// and across separate decode calls: block decoding adds no phase jumps. The
// noise is drawn from torch's generator (seed it), as RAVE's decode does.
// `encode` maps frame features (loudness, spectral centroid, flatness) into
// the latent range (a fixed analysis, not an inverse of decode); `prior`
// draws a smooth random walk (AR(1), unit variance) scaled by temperature.
#pragma once
#include <string>
#include <vector>

namespace lw::model {

// "builtin:voices", "builtin:voices-stereo".
std::vector<std::string> builtin_names();
bool is_builtin_name(const std::string& spec);
// Serialised TorchScript (what torch.jit.save writes). Throws a usage error
// for an unknown builtin: name.
std::string builtin_model_bytes(const std::string& name);

}  // namespace lw::model
