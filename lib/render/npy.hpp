// Latent trajectories as files: NumPy .npy (format versions 1.0, 2.0 and
// 3.0, little-endian float32 or float64, two dimensions, C or Fortran
// order; NEP 1 "A simple file format for NumPy arrays") and CSV (one frame
// a line, one column per latent dimension, an optional header line).
// Reading is strict: anything else is refused with the file and the reason,
// and every value must be finite (the element's frame and dimension named).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lw::render {

struct LatentArray {
  int latent = 0;               // dimensions
  std::int64_t frames = 0;
  std::vector<float> values;    // planar [latent][frames]
};

// .npy holding [latent, frames]; `frames_first` when it holds [frames, latent].
LatentArray read_latents_npy(const std::string& path, bool frames_first);
LatentArray parse_latents_npy(const std::string& bytes, const std::string& path, bool frames_first);
// CSV: each line a frame; a first line that is not all numbers is a header.
LatentArray read_latents_csv(const std::string& path);
// By extension: .npy or .csv (anything else refused).
LatentArray read_latents(const std::string& path, bool frames_first);

// A .npy file (version 1.0, '<f4', C order, shape (latent, frames)) of the
// planar values: what `numpy.load` reads as an array [latent, frames].
std::string latents_npy_bytes(const float* planar, int latent, std::int64_t frames);
void write_latents_npy(const std::string& path, const float* planar, int latent, std::int64_t frames);

}  // namespace lw::render
