// A picture of a walk (SVG): a top view (x against z, to scale, seen from
// above with +z up so azimuth turns clockwise on screen), a side view (height
// against time) and the speed against time, the path coloured by time with a
// legend, start and end marked, facing ticks along the path, landmarks and
// bounds drawn to scale.
#pragma once
#include <string>
#include <vector>

#include "walk/scene.hpp"
#include "walk/trajectory.hpp"

namespace lw::walk {

struct PlotOptions {
  std::string title;          // default: none (the tool passes the file name)
  int facing_ticks = 40;      // about this many azimuth ticks along the path
  double width = 1100, height = 700;
};

std::string plot_svg(const Trajectory& traj, const Scene* scene, const PlotOptions& options = {});

// Several walkers in one picture: the same panels, each path in its own
// colour (instead of coloured by time), start/end and name per walker, and a
// legend of the walkers. One walk draws exactly as plot_svg above.
struct NamedWalk {
  std::string name;
  const Trajectory* traj;
};
std::string plot_svg(const std::vector<NamedWalk>& walks, const Scene* scene, const PlotOptions& options = {});

}  // namespace lw::walk
