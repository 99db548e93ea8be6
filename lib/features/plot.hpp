// Feature plots: the waveform on top, then one panel per feature against
// time, each labelled with its name and unit, onsets marked on the waveform.
#pragma once
#include <string>
#include <vector>

#include "features/extract.hpp"

namespace lw::features {

// Min/max envelope of an audio file in `columns` time slices, read block by
// block (mono mix or one channel).
struct Envelope {
  double duration = 0;
  std::vector<float> lo, hi;
};
Envelope waveform_envelope(const std::string& audio_path, int columns, int channel = -1);

struct PlotOptions {
  std::string title;
  int width = 1100;
  int panel_height = 70;
  // Frames of "pitch" with confidence below this are left out (gaps).
  double min_confidence = 0.7;
  // Per frame (may be empty): pitch confidence, and whether the frame is
  // digital silence. Frame-local features are not drawn on silent frames
  // (their documented silence values would squash the scale); ambitus and
  // density are, since they describe a window around the frame.
  std::vector<double> confidence;
  std::vector<bool> silent;
};

// envelope may be empty (a features file without its audio).
std::string plot_svg(const Table& table, const Envelope& envelope, const std::vector<double>& onsets,
                     const PlotOptions& options);

}  // namespace lw::features
