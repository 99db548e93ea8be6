// Mappings (YAML): how a walk drives a latent model. For each latent
// dimension a source quantity of the walk, with scale, offset and clamp;
// a value for the unmapped dimensions; how azimuth drives stereo; zones of
// the scene where another mapping applies; slow periodic drifts.
//
//   format: latentwalk.mapping        # optional; version: 1
//   unmapped: 0                       # value of dimensions not listed
//   stereo: pan                       # pan | rotate | none
//   stereo_width: 0.7                 # 0..1: how far turning moves the image
//   latent:
//     - dim: 0
//       source: x                     # x y z azimuth t speed distance:NAME constant
//       scale: 0.2                    # value = clamp(source * scale + offset)
//       offset: 0
//       clamp: [-3, 3]                # optional
//     - dim: 3
//       source: constant
//       value: 1.5
//   zones:                            # later zones apply on top of earlier ones
//     - inside: voice                 # a landmark of the scene
//       margin: 2                     # also within this distance of it (default 0)
//       fade: 2                       # seconds to cross-fade in/out (default 1)
//       unmapped: 0                   # optional; default: the outer one's
//       latent: [...]                 # entries as above
//   drift:                            # value += amplitude * sin(2 pi t / period + phase)
//     - dim: 4
//       period: 600                   # seconds
//       amplitude: 1.5
//       phase: 0                      # degrees
//
// Unknown keys are refused (usually typos); errors name the file, line and key.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/json_file.hpp"
#include "walk/scene.hpp"
#include "walk/trajectory.hpp"

namespace lw::render {

enum class Source { X, Y, Z, Azimuth, T, Speed, Distance, Constant };
enum class Stereo { None, Pan, Rotate };

struct DimMap {
  int dim = 0;
  Source source = Source::Constant;
  std::string landmark;  // for Source::Distance
  double scale = 1, offset = 0, value = 0;
  bool clamped = false;
  double clamp_lo = 0, clamp_hi = 0;
  int line = 0;  // 1-based line in the mapping file (0 = built in)
};

struct Layer {
  std::vector<DimMap> dims;
  double unmapped = 0;
};

struct Zone {
  std::string landmark;
  double fade = 1;    // seconds
  double margin = 0;  // scene units around the landmark that count as inside
  Layer layer;
  int line = 0;
};

struct Drift {
  int dim = 0;
  double period = 60, amplitude = 0, phase_deg = 0;
  int line = 0;
};

struct Mapping {
  std::string path;  // "" when built in
  Layer base;
  Stereo stereo = Stereo::None;
  double stereo_width = 0.7;  // how far pan/rotate move the image: 0..1
  std::vector<Zone> zones;
  std::vector<Drift> drifts;
};

// The first experience of the paper: x, y, z -> dimensions 0, 1, 2, scale 1.
Mapping default_mapping();
Mapping read_mapping(const std::string& path);
Mapping parse_mapping(const std::string& text, const std::string& path);

const char* stereo_name(Stereo s);
Stereo parse_stereo(const std::string& name);  // usage error otherwise

// Checks the mapping against a model's latent size and the scene: dimensions
// in range, landmarks present. Errors name the file and line.
void check_mapping(const Mapping& m, int latent_size, const walk::Scene* scene);

// Latent values for each frame of a walk sampled at the model's frame rate
// (frames at t = k / rate). Returns planar values: [dim][frame].
// `walk` frames carry unwrapped azimuth.
std::vector<float> map_walk(const Mapping& m, int latent_size, const walk::Trajectory& walk,
                            const walk::Scene* scene);

// The mapping as JSON (for manifests).
json mapping_to_json(const Mapping& m);

// Refuses (exit 2) a walk whose mapped values would not be finite floats
// (e.g. a coordinate of 1e200, a scale of 1e308): checked on the walk's own
// frames, before resampling, so the message names the trajectory file, the
// frame and its time, the latent dimension, and the mapping entry (file,
// line, source, scale, offset).
void check_mapped_finite(const Mapping& m, int latent_size, const walk::Trajectory& raw, const walk::Scene* scene,
                         const std::string& trajectory_path);

// Latent values beyond +-limit: there a model's sound barely changes any
// more (the "invisible barrier" of the first soundwalk paper). `share` is
// the fraction of frames with at least one dimension beyond the limit;
// `per_dim` the fraction for each dimension.
struct OutsideStats {
  double limit = 3;
  double share = 0;
  std::vector<double> per_dim;
};
OutsideStats outside_share(const std::vector<float>& planar, int latent_size, std::int64_t frames, double limit = 3);
// "62% of the walk (dimension 0: 55%, dimension 2: 40%)": the dimensions
// beyond the limit for at least 1% of the frames, largest first.
std::string describe_outside(const OutsideStats& s);

// --fit: an axis-aligned box (the walk's or the scene's) whose extent on x,
// y and z is mapped onto the latent range [lo, hi].
struct FitBox {
  walk::Vec3 min{0, 0, 0}, max{0, 0, 0};
};
FitBox walk_box(const walk::Trajectory& t);
// The scene's `bounds` when it has them, else the box around its landmarks.
FitBox scene_box(const walk::Scene& s);
// Rewrites scale and offset of every entry sourced from x, y or z (base
// layer and zones) so that the box's extent on that axis spans [lo, hi]
// (a negative scale keeps its direction: max -> lo); an axis of zero extent
// maps to (lo + hi) / 2. Other sources are left as they are. Returns a
// record for the manifest (range, box, the entries changed).
json fit_mapping(Mapping& m, const FitBox& box, double lo, double hi, const std::string& box_name);

}  // namespace lw::render
