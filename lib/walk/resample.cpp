#include "walk/resample.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/numfmt.hpp"
#include "walk/geometry.hpp"

namespace lw::walk {

Method parse_method(const std::string& name) {
  if (name == "linear") return Method::Linear;
  if (name == "cubic") return Method::Cubic;
  fail_usage("unknown interpolation method '" + name + "'; expected linear or cubic");
}

namespace {

// Cubic Hermite basis on [0, 1] with tangents already scaled by the segment length.
double hermite(double p0, double p1, double m0, double m1, double u) {
  double u2 = u * u, u3 = u2 * u;
  return (2 * u3 - 3 * u2 + 1) * p0 + (u3 - 2 * u2 + u) * m0 + (-2 * u3 + 3 * u2) * p1 + (u3 - u2) * m1;
}

// Catmull-Rom tangent at frame i for non-uniform times (finite difference of
// the neighbours), in units per second.
double tangent(const std::vector<Frame>& f, std::size_t i, double Frame::*field) {
  std::size_t n = f.size();
  std::size_t a = i == 0 ? 0 : i - 1;
  std::size_t b = i + 1 >= n ? n - 1 : i + 1;
  if (a == b) return 0;
  return (f[b].*field - f[a].*field) / (f[b].t - f[a].t);
}

Frame interpolate(const std::vector<Frame>& f, const std::vector<double>& az, std::size_t i, double t,
                  Method method) {
  Frame out;
  out.t = t;
  const Frame& a = f[i];
  const Frame& b = f[i + 1];
  double h = b.t - a.t;
  double u = (t - a.t) / h;
  out.azimuth = az[i] + (az[i + 1] - az[i]) * u;
  if (method == Method::Linear) {
    out.x = a.x + (b.x - a.x) * u;
    out.y = a.y + (b.y - a.y) * u;
    out.z = a.z + (b.z - a.z) * u;
  } else {
    for (double Frame::*field : {&Frame::x, &Frame::y, &Frame::z})
      out.*field = hermite(a.*field, b.*field, tangent(f, i, field) * h, tangent(f, i + 1, field) * h, u);
  }
  return out;
}

}  // namespace

Frame sample_at(const Trajectory& traj, const std::vector<double>& unwrapped, double t, Method method) {
  const auto& f = traj.frames;
  if (f.empty()) fail_internal("sample_at on an empty trajectory");
  if (f.size() == 1 || t <= f.front().t) {
    Frame r = f.front();
    r.azimuth = unwrapped.front();
    r.t = t;
    return r;
  }
  if (t >= f.back().t) {
    Frame r = f.back();
    r.azimuth = unwrapped.back();
    r.t = t;
    return r;
  }
  // first frame with time > t
  std::size_t lo = 0, hi = f.size() - 1;
  while (hi - lo > 1) {
    std::size_t mid = (lo + hi) / 2;
    (f[mid].t <= t ? lo : hi) = mid;
  }
  return interpolate(f, unwrapped, lo, t, method);
}

Trajectory resample(const Trajectory& traj, double rate_hz, Method method) {
  if (!(std::isfinite(rate_hz) && rate_hz > 0))
    fail_usage("--rate must be a finite number > 0, got " + format_double(rate_hz));
  Trajectory out;
  out.rate_hz = rate_hz;
  out.source = traj.source;
  const auto& f = traj.frames;
  if (f.empty()) return out;
  std::vector<double> az = unwrap_azimuth(traj);
  const double t0 = f.front().t;
  const double span = f.back().t - t0;
  // A size the input implies is bounded before it is allocated (issue 14:
  // 0..1e9 s at 10 Hz asked for 400 GB): 2e8 frames are 8 GB.
  constexpr double kMaxFrames = 2e8;
  if (!(span * rate_hz < kMaxFrames))
    fail_usage("resampling " + format_double(span) + " s at " + format_double(rate_hz) + " Hz gives " +
               format_double(std::floor(span * rate_hz) + 1) + " frames, more than " + format_double(kMaxFrames) +
               "; trim the walk (lw-walk transform --trim) or lower --rate");
  // Last grid index, keeping the final time stamp when it is on the grid.
  auto last = static_cast<std::size_t>(std::floor(span * rate_hz + 1e-9 * std::max(1.0, rate_hz)));
  if (f.size() == 1) last = 0;
  out.frames.reserve(last + 1);
  std::size_t seg = 0;
  for (std::size_t k = 0; k <= last; ++k) {
    // t = t0 + k / rate, computed without accumulating rounding errors.
    double t = t0 + static_cast<double>(k) / rate_hz;
    Frame r;
    if (f.size() == 1) {
      r = f[0];
    } else {
      if (t > f.back().t) t = f.back().t;
      while (seg + 2 < f.size() && f[seg + 1].t <= t) ++seg;
      r = interpolate(f, az, seg, t, method);
    }
    r.azimuth = wrap_degrees(r.azimuth);
    out.frames.push_back(r);
  }
  return out;
}

}  // namespace lw::walk
