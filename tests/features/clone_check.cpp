// Prints the features of the given audio files as CSV (all fourteen, with
// the default analysis, with --power --unit midi and with a 1000-point
// window/FFT that takes the KissFFT path), for the test that the AVX2 and
// baseline builds of lib/features give the same bytes. Built twice: against
// lw_features (function clones, the AVX2 one picked where the CPU has it) and
// against lw_features_baseline (LW_FEATURES_NO_CLONES: the baseline code only).
#include <iostream>
#include <string>
#include <vector>

#include "audio/audio_file.hpp"
#include "features/extract.hpp"

int main(int argc, char** argv) {
  namespace lf = lw::features;
  try {
    for (int i = 1; i < argc; ++i) {
      const lw::audio::Buffer b = lw::audio::read_all(argv[i]);
      std::vector<float> mono(b.samples.size() / std::size_t(b.channels));
      for (std::size_t k = 0; k < mono.size(); ++k) mono[k] = b.samples[k * std::size_t(b.channels)];
      lf::Params p;
      std::cout << lf::table_csv(lf::extract_samples(mono.data(), mono.size(), b.sample_rate, p, lf::all_features()));
      p.power = true;
      p.midi_unit = true;
      std::cout << lf::table_csv(lf::extract_samples(mono.data(), mono.size(), b.sample_rate, p, lf::all_features()));
      lf::Params q;
      q.window = q.fft = 1000;
      q.hop = 300;
      q.kweight = true;
      std::cout << lf::table_csv(lf::extract_samples(mono.data(), mono.size(), b.sample_rate, q, lf::all_features()));
    }
  } catch (const std::exception& e) {
    std::cerr << "clone_check: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
