// A map of the 2-D latent space: the decoder's loop at each point of a grid,
// drawn as a tiny piano roll (one coloured row per drum class) over a
// background whose darkness is the number of onsets, with the training loops'
// positions overlaid. Torch-free: it takes already decoded patterns.
#pragma once
#include <string>
#include <vector>

#include "core/json_file.hpp"
#include "rhythm/drum_pattern.hpp"

namespace lw::rhythm {

struct MapGrid {
  int size = 30;       // cells per side
  double range = 3;    // latent coordinates span [-range, range]
  double threshold = 0.5;
  // Patterns decoded at cell (i, j) (i along x, j along y), index j * size + i.
  std::vector<Pattern> patterns;
  std::size_t loops_outside = 0;
  DrumMap map = DrumMap::Magenta;  // for the class names  // training loops beyond the range (noted on the map)
  double coordinate(int i) const { return size == 1 ? 0.0 : -range + 2 * range * i / (size - 1); }
};

struct MapPoint {
  double x = 0, y = 0;
  std::string label;
};

// Whether a loop at p is drawn on a map of this range (5 % margin).
bool map_point_drawn(const MapPoint& p, double range);

std::string latent_map_svg(const MapGrid& grid, const std::vector<MapPoint>& loops, const std::string& title);

// {"format":"latentwalk.rhythm-map","version":1,"grid":..,"range":..,"classes":[..],
//  "cells":[{"x","y","onsets","per_class":[9]}...]}
json latent_map_json(const MapGrid& grid);

}  // namespace lw::rhythm
