// M4L.RhythmVAE's model files: the decoder as a TensorFlow.js Layers model
// (a folder NAME.model/ with model.json, the Keras-style topology plus a
// weightsManifest, and weights.bin, the float32 values in manifest order),
// as the device's `decoder.save` writes and `tf.loadLayersModel` reads.
//
// The device's decoder (src/vae.js of naotokui/RhythmVAE_M4L): input [L] ->
// Dense H -> BatchNormalization -> LeakyReLU(0.3) -> three heads of Dense B
// -> BatchNormalization -> LeakyReLU -> Dense 9*steps with sigmoid (onsets),
// sigmoid (velocities), tanh (timeshifts); the model's outputs in that order.
// Its cells are class-major (index = class * steps + step, a [9, steps]
// matrix); lw-rhythm's are step-major, so export and import permute the last
// Dense layers' columns. Kernels are [in, out] (ours, torch's, [out, in]).
//
// Torch-free: it converts lw-rhythm's named decoder tensors.
#pragma once
#include <string>
#include <vector>

#include "rhythm/model_file.hpp"

namespace lw::rhythm {

struct TfjsFiles {
  std::string model_json;
  std::string weights_bin;
};

// The decoder tensors of an lw-rhythm model (dec_*, out_*) as the device's
// files. `steps` is the loop length in grid steps, `latent` the input size.
TfjsFiles export_rhythmvae(const std::vector<NamedTensor>& tensors, int steps, int latent,
                           const std::string& generated_by);

struct ImportedDecoder {
  std::vector<NamedTensor> tensors;  // lw-rhythm's names and layout
  int latent = 2, steps = 96, hidden = 1024, branch = 512;
};

// Reads the device's files. Throws Exit::BadInput naming `json_name` or
// `weights_name` (and the layer or weight) when the topology is not the
// device's decoder, a weight is missing, misshapen, not float32, not finite,
// or weights.bin has the wrong size.
ImportedDecoder import_rhythmvae(const std::string& model_json, const std::string& json_name,
                                 const std::string& weights_bin, const std::string& weights_name);

}  // namespace lw::rhythm
