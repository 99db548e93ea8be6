// Explorer inputs from the features library: the named columns of a feature
// table, as one mean vector over a passage (a dataset pair) or frame by frame
// (each-frame pairs, prediction).
#pragma once
#include <string>
#include <vector>

#include "explorer/control.hpp"
#include "features/extract.hpp"

namespace lw::explorer {

// Column indices of `names` in the table; a missing name is an error naming `path`.
std::vector<std::size_t> table_columns(const features::Table& t, const std::vector<std::string>& names,
                                       const std::string& path);

// Mean of each named feature over frames with from <= t <= to (to < 0: to the
// end). Throws Exit::BadInput when the passage holds no frame or a mean is not finite.
std::vector<double> passage_mean(const features::Table& t, const std::vector<std::string>& names, double from,
                                 double to, const std::string& path);

// Frames with from <= t <= to (to < 0: to the end), the named columns in order.
// Non-finite values are refused naming the frame.
InputFrames table_frames(const features::Table& t, const std::vector<std::string>& names, double from, double to,
                         const std::string& path);

}  // namespace lw::explorer
