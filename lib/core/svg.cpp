#include "core/svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"

namespace lw::svg {

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string num(double v) {
  // A NaN or Inf coordinate is invalid SVG written as if all were well
  // (issue 14): bad input, named by cli::run with the file being drawn.
  if (!std::isfinite(v))
    fail_usage("cannot draw: a coordinate is not a finite number (the input's values overflow a double)");
  // Beyond 1e12 (far outside any drawing; %.2f would need hundreds of digits
  // for 1e300) SVG's exponent form keeps the value right.
  char buf[32];
  if (std::fabs(v) >= 1e12) {
    std::snprintf(buf, sizeof buf, "%.6e", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string colormap(double t) {
  // Control points sampled from matplotlib's viridis (a published colour map).
  static const std::array<std::array<double, 3>, 9> stops = {{{0.267, 0.005, 0.329},
                                                               {0.279, 0.175, 0.483},
                                                               {0.230, 0.322, 0.546},
                                                               {0.173, 0.449, 0.558},
                                                               {0.128, 0.567, 0.551},
                                                               {0.153, 0.680, 0.504},
                                                               {0.369, 0.789, 0.383},
                                                               {0.678, 0.864, 0.190},
                                                               {0.993, 0.906, 0.144}}};
  if (!std::isfinite(t)) t = 0;
  t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
  std::size_t i = std::min<std::size_t>(static_cast<std::size_t>(t), stops.size() - 2);
  double f = t - double(i);
  char buf[8];
  int rgb[3];
  for (int k = 0; k < 3; ++k)
    rgb[k] = static_cast<int>(std::lround(255 * (stops[i][k] * (1 - f) + stops[i + 1][k] * f)));
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  return buf;
}

std::vector<double> nice_ticks(double lo, double hi, int count) {
  std::vector<double> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  if (hi < lo) std::swap(lo, hi);
  if (hi == lo) return {lo};
  double raw = (hi - lo) / std::max(1, count);
  if (!std::isfinite(raw)) raw = hi / std::max(1, count) - lo / std::max(1, count);  // -1.8e308..1.8e308
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double norm = raw / mag;
  double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
  const double first = std::ceil(lo / step - 1e-9) * step;
  // Ticks by index, a bounded number: adding a step smaller than the values'
  // spacing (a range of 1e20..1e20+1000) used to loop until memory ran out.
  if (!std::isfinite(step) || !std::isfinite(first) || first + step == first) return {lo, hi};
  const int most = 4 * std::max(1, count) + 2;
  for (int i = 0; i < most; ++i) {
    const double v = first + double(i) * step;
    if (!(v <= hi + step * 1e-9)) break;
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  return ticks;
}

std::string tick_label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

Document::Document(double width, double height) : width_(width), height_(height) {}

void Document::raw(const std::string& element) { body_ << element << "\n"; }

void Document::line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
                    const std::string& extra) {
  body_ << "<line x1=\"" << num(x1) << "\" y1=\"" << num(y1) << "\" x2=\"" << num(x2) << "\" y2=\"" << num(y2)
        << "\" stroke=\"" << stroke << "\" stroke-width=\"" << num(width) << "\" " << extra << "/>\n";
}

void Document::rect(double x, double y, double w, double h, const std::string& fill, const std::string& stroke,
                    const std::string& extra) {
  body_ << "<rect x=\"" << num(x) << "\" y=\"" << num(y) << "\" width=\"" << num(w) << "\" height=\"" << num(h)
        << "\" fill=\"" << fill << "\" stroke=\"" << stroke << "\" " << extra << "/>\n";
}

void Document::circle(double cx, double cy, double r, const std::string& fill, const std::string& stroke,
                      const std::string& extra) {
  body_ << "<circle cx=\"" << num(cx) << "\" cy=\"" << num(cy) << "\" r=\"" << num(r) << "\" fill=\"" << fill
        << "\" stroke=\"" << stroke << "\" " << extra << "/>\n";
}

void Document::ellipse(double cx, double cy, double rx, double ry, const std::string& fill,
                       const std::string& stroke, const std::string& extra) {
  body_ << "<ellipse cx=\"" << num(cx) << "\" cy=\"" << num(cy) << "\" rx=\"" << num(rx) << "\" ry=\"" << num(ry)
        << "\" fill=\"" << fill << "\" stroke=\"" << stroke << "\" " << extra << "/>\n";
}

void Document::polyline(const std::vector<std::pair<double, double>>& pts, const std::string& stroke, double width,
                        const std::string& extra) {
  if (pts.empty()) return;
  body_ << "<polyline fill=\"none\" stroke=\"" << stroke << "\" stroke-width=\"" << num(width) << "\" " << extra
        << " points=\"";
  for (const auto& p : pts) body_ << num(p.first) << "," << num(p.second) << " ";
  body_ << "\"/>\n";
}

void Document::text(double x, double y, const std::string& content, double size, const std::string& anchor,
                    const std::string& extra) {
  body_ << "<text x=\"" << num(x) << "\" y=\"" << num(y) << "\" font-size=\"" << num(size)
        << "\" text-anchor=\"" << anchor << "\" " << extra << ">" << escape(content) << "</text>\n";
}

std::string Document::str() const {
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(width_) << "\" height=\"" << num(height_)
      << "\" viewBox=\"0 0 " << num(width_) << " " << num(height_)
      << "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      << body_.str() << "</svg>\n";
  return out.str();
}

}  // namespace lw::svg
