// A small SVG writer shared by every plot (walk views, feature curves, rhythm
// maps): elements with escaped text, "nice" axis ticks and a perceptual colour
// map, so plots across tools look alike.
#pragma once
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace lw::svg {

std::string escape(const std::string& text);
// Shortest-ish number for coordinates (2 decimals at most; exponent form
// from 1e12 on).
std::string num(double v);
// Viridis-like colour for t in [0, 1], as "#rrggbb".
std::string colormap(double t);
// About `count` round tick values covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int count = 5);
// Tick label without trailing zeros.
std::string tick_label(double v);

class Document {
 public:
  Document(double width, double height);
  // Raw element text (already escaped).
  void raw(const std::string& element);
  void line(double x1, double y1, double x2, double y2, const std::string& stroke, double width = 1,
            const std::string& extra = "");
  void rect(double x, double y, double w, double h, const std::string& fill, const std::string& stroke = "none",
            const std::string& extra = "");
  void circle(double cx, double cy, double r, const std::string& fill, const std::string& stroke = "none",
              const std::string& extra = "");
  void ellipse(double cx, double cy, double rx, double ry, const std::string& fill,
               const std::string& stroke = "none", const std::string& extra = "");
  void polyline(const std::vector<std::pair<double, double>>& pts, const std::string& stroke, double width = 1,
                const std::string& extra = "");
  // anchor: start|middle|end
  void text(double x, double y, const std::string& content, double size = 12, const std::string& anchor = "start",
            const std::string& extra = "");
  std::string str() const;

 private:
  double width_, height_;
  std::ostringstream body_;
};

// Maps a data interval onto a pixel interval.
struct Scale {
  double d0, d1, p0, p1;
  double operator()(double v) const { return d1 == d0 ? (p0 + p1) / 2 : p0 + (v - d0) * (p1 - p0) / (d1 - d0); }
};

}  // namespace lw::svg
