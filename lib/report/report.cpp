#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <filesystem>

#include "audio/audio_file.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json_file.hpp"
#include "core/svg.hpp"
#include "core/numfmt.hpp"
#include "features/extract.hpp"
#include "features/fft.hpp"
#include "walk/geometry.hpp"

namespace lw::report {
namespace {

// JSON inside <script>: "</" would end the element.
std::string script_json(const json& j) {
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string o;
  o.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') {
      o += "<\\/";
      ++i;
    } else {
      o += s[i];
    }
  }
  return o;
}

void put_le(std::string& s, std::uint32_t v, int n) {
  for (int i = 0; i < n; ++i) s += char((v >> (8 * i)) & 0xff);
}

// A 16-bit PCM WAV of the samples (dithered? no: rounded; the page is for
// listening while reviewing, the render itself stays the reference).
std::string wav16(const audio::Buffer& b) {
  const std::uint32_t data = std::uint32_t(b.samples.size() * 2);
  std::string s = "RIFF";
  put_le(s, 36 + data, 4);
  s += "WAVEfmt ";
  put_le(s, 16, 4);
  put_le(s, 1, 2);
  put_le(s, std::uint32_t(b.channels), 2);
  put_le(s, std::uint32_t(b.sample_rate), 4);
  put_le(s, std::uint32_t(b.sample_rate * b.channels * 2), 4);
  put_le(s, std::uint32_t(b.channels * 2), 2);
  put_le(s, 16, 2);
  s += "data";
  put_le(s, data, 4);
  s.reserve(s.size() + data);
  for (float v : b.samples) {
    const long q = std::lround(std::clamp(double(v), -1.0, 1.0) * 32767.0);
    put_le(s, std::uint32_t(std::uint16_t(std::int16_t(q))), 2);
  }
  return s;
}

// Evenly thinned indices (at most `max` of n, first and last kept).
std::vector<std::size_t> thin(std::size_t n, std::size_t max) {
  std::vector<std::size_t> idx;
  if (n <= max) {
    for (std::size_t i = 0; i < n; ++i) idx.push_back(i);
    return idx;
  }
  for (std::size_t k = 0; k < max; ++k) idx.push_back(std::size_t(std::llround(double(k) * double(n - 1) / double(max - 1))));
  return idx;
}

const char* kStyle = R"CSS(
body { font: 14px/1.4 system-ui, sans-serif; margin: 16px; color: #222; background: #fafafa; }
h1 { font-size: 18px; margin: 0 0 4px; }
.note { color: #666; margin-bottom: 8px; }
#player { width: 100%; margin: 8px 0; }
.row { display: flex; gap: 16px; align-items: flex-start; flex-wrap: wrap; }
.panel { background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 8px; }
.panel h2 { font-size: 13px; margin: 0 0 4px; color: #444; font-weight: 600; }
#map { width: 420px; height: 420px; cursor: crosshair; display: block; }
.timeline { position: relative; cursor: pointer; }
.timeline + h2 { margin-top: 8px; }
.delay { color: #a40; font-weight: 600; margin-bottom: 8px; }
.timeline canvas { display: block; }
.cursor { position: absolute; top: 0; bottom: 0; width: 2px; background: #d22; pointer-events: none; }
#readout { font-variant-numeric: tabular-nums; color: #444; margin-top: 4px; }
.legend span { margin-right: 10px; white-space: nowrap; }
)CSS";

const char* kScript = R"JS(
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("lw-data").textContent);
  const audio = document.getElementById("player");
  const W = D.walk, n = W.t.length;
  const delay = D.delay || 0;  // the walk is heard this many seconds late
  const colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                   "#bcbd22", "#17becf"];
  // The walk at walk time s from its start (linear between frames; azimuth unwrapped).
  function walkAt(s) {
    const t = W.t[0] + s;
    if (t <= W.t[0]) return { x: W.x[0], z: W.z[0], az: W.az[0] };
    if (t >= W.t[n - 1]) return { x: W.x[n - 1], z: W.z[n - 1], az: W.az[n - 1] };
    let lo = 0, hi = n - 1;
    while (hi - lo > 1) { const m = (lo + hi) >> 1; if (W.t[m] <= t) lo = m; else hi = m; }
    const u = (t - W.t[lo]) / (W.t[hi] - W.t[lo]);
    return { x: W.x[lo] + u * (W.x[hi] - W.x[lo]), z: W.z[lo] + u * (W.z[hi] - W.z[lo]),
             az: W.az[lo] + u * (W.az[hi] - W.az[lo]) };
  }
  // --- map (SVG user units = scene units; svg y = -z) ---
  const svgNS = "http://www.w3.org/2000/svg";
  const map = document.getElementById("map");
  let walker = null, facing = null, unit = 1;
  function el(name, attrs, parent) {
    const e = document.createElementNS(svgNS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    (parent || map).appendChild(e);
    return e;
  }
  if (map) {
    const B = D.box, pad = 0.06 * Math.max(B.max[0] - B.min[0], B.max[1] - B.min[1], 1);
    const vb = [B.min[0] - pad, -B.max[1] - pad, B.max[0] - B.min[0] + 2 * pad, B.max[1] - B.min[1] + 2 * pad];
    map.setAttribute("viewBox", vb.join(" "));
    unit = Math.max(vb[2], vb[3]) / 420;  // scene units per screen pixel, about
    for (const l of D.landmarks) {
      el("ellipse", { cx: l.x, cy: -l.z, rx: l.rx, ry: l.rz, fill: l.colour || "#9bc", "fill-opacity": 0.35,
                      stroke: l.colour || "#689", "stroke-width": unit });
      const label = el("text", { x: l.x, y: -l.z - l.rz - 4 * unit, "text-anchor": "middle",
                                 "font-size": 12 * unit, fill: "#333" });
      label.textContent = l.name;
    }
    if (n > 0) {
      let d = "";
      for (let i = 0; i < n; i++) d += (i ? "L" : "M") + W.x[i] + " " + (-W.z[i]);
      el("path", { d: d, fill: "none", stroke: "#555", "stroke-width": 1.5 * unit, "stroke-linejoin": "round",
                   "stroke-opacity": 0.7 });
      el("circle", { cx: W.x[0], cy: -W.z[0], r: 3 * unit, fill: "#2a2" });
      facing = el("line", { id: "facing", stroke: "#d22", "stroke-width": 2.5 * unit, "stroke-linecap": "round" });
      walker = el("circle", { id: "walker", r: 6 * unit, fill: "#d22", stroke: "#fff", "stroke-width": 1.5 * unit });
    }
  }
  // --- timelines: audio time 0 .. dur across each canvas ---
  const dur = D.duration;
  const tls = Array.from(document.querySelectorAll(".timeline"));
  function frame(c) {
    const g = c.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
    return g;
  }
  function drawLatents() {
    const c = document.getElementById("latents");
    if (!c) return;
    const g = frame(c), w = c.width, h = c.height, L = D.latents;
    let lo = -3, hi = 3;
    for (const dim of L.values) for (const v of dim) { if (v < lo) lo = v; if (v > hi) hi = v; }
    const y = v => h - 4 - (v - lo) / (hi - lo) * (h - 8);
    g.fillStyle = "#f1f1f1"; g.fillRect(0, y(3), w, y(-3) - y(3));  // the +-3 band
    g.strokeStyle = "#bbb"; g.beginPath(); g.moveTo(0, y(0)); g.lineTo(w, y(0)); g.stroke();
    L.values.forEach((dim, k) => {
      g.strokeStyle = colours[k % colours.length]; g.lineWidth = 1.2; g.beginPath();
      // latent frame i is heard at its time plus the delay
      dim.forEach((v, i) => { const x = (L.t[i] + delay) / dur * w; if (i) g.lineTo(x, y(v)); else g.moveTo(x, y(v)); });
      g.stroke();
    });
    g.fillStyle = "#666"; g.font = "11px sans-serif";
    g.fillText(hi.toFixed(1), 2, 11); g.fillText(lo.toFixed(1), 2, h - 3);
  }
  function drawSpectrogram(id, S) {
    const c = document.getElementById(id);
    if (!c || !S) return;
    const g = c.getContext("2d");
    const bytes = Uint8Array.from(atob(S.cells), ch => ch.charCodeAt(0));
    const img = g.createImageData(S.cols, S.rows);
    for (let x = 0; x < S.cols; x++)
      for (let r = 0; r < S.rows; r++) {
        const v = bytes[x * S.rows + r] / 255, p = ((S.rows - 1 - r) * S.cols + x) * 4;
        // dark blue -> magenta -> yellow
        img.data[p] = Math.round(255 * Math.min(1, 1.6 * v));
        img.data[p + 1] = Math.round(255 * Math.max(0, 1.8 * v - 0.8));
        img.data[p + 2] = Math.round(255 * (0.35 + 0.6 * Math.sin(Math.PI * Math.min(1, v * 1.1))) * (1 - 0.7 * v));
        img.data[p + 3] = 255;
      }
    const off = document.createElement("canvas");
    off.width = S.cols; off.height = S.rows; off.getContext("2d").putImageData(img, 0, 0);
    g.imageSmoothingEnabled = true;
    // the input may be shorter or longer than the render: its columns span its own duration
    g.fillStyle = "#000"; g.fillRect(0, 0, c.width, c.height);
    g.drawImage(off, 0, 0, c.width * Math.min(1, S.duration / dur), c.height);
  }
  // One feature of the input against time; null values are gaps (pitch
  // below its confidence threshold). `log`: a logarithmic axis (Hz);
  // `range`: the axis spans at most this much below the top (the silence
  // floor of -144 dBFS would flatten the loudness), lower values drawn at
  // the bottom.
  function drawFeature(id, t, v, colour, log, range) {
    const c = document.getElementById(id);
    if (!c) return;
    const g = frame(c), w = c.width, h = c.height;
    const f = log ? (u => Math.log2(Math.max(u, 1e-3))) : (u => u);
    let lo = Infinity, hi = -Infinity;
    for (const u of v) if (u !== null) { lo = Math.min(lo, f(u)); hi = Math.max(hi, f(u)); }
    if (!(hi > lo)) { lo = (isFinite(lo) ? lo : 0) - 1; hi = lo + 2; }
    const floored = range && hi - lo > range;
    if (floored) lo = hi - range;
    const y = u => h - 4 - (Math.max(f(u), lo) - lo) / (hi - lo) * (h - 8);
    g.strokeStyle = colour; g.lineWidth = 1.3; g.beginPath();
    let pen = false;
    for (let i = 0; i < v.length; i++) {
      if (v[i] === null) { pen = false; continue; }
      const x = t[i] / dur * w;
      if (pen) g.lineTo(x, y(v[i])); else g.moveTo(x, y(v[i]));
      pen = true;
    }
    g.stroke();
    const lab = u => log ? Math.round(Math.pow(2, u)).toString() : u.toFixed(1);
    g.fillStyle = "#666"; g.font = "11px sans-serif";
    g.fillText(lab(hi), 2, 11); g.fillText((floored ? "\u2264 " : "") + lab(lo), 2, h - 3);
  }
  drawLatents();
  drawSpectrogram("spectrogram", D.spectrogram);
  const I = D.input;
  if (I) {
    drawSpectrogram("input-spectrogram", I.spectrogram);
    drawFeature("input-loudness", I.t, I.loudness, "#1f77b4", false, 80);
    drawFeature("input-pitch", I.t, I.pitch, "#d62728", true);
    drawFeature("input-centroid", I.t, I.centroid, "#2ca02c", true);
    drawFeature("input-flatness", I.t, I.flatness, "#9467bd", false);
  }
  // The input's frame at audio time s (nearest frame centre).
  function inputAt(s) {
    let lo = 0, hi = I.t.length - 1;
    while (hi - lo > 1) { const m = (lo + hi) >> 1; if (I.t[m] <= s) lo = m; else hi = m; }
    return s - I.t[lo] <= I.t[hi] - s ? lo : hi;
  }
  // --- state ---
  const readout = document.getElementById("readout");
  let last = -1;
  function update() {
    const s = audio.currentTime || 0;
    if (s === last) return;
    last = s;
    let text = "t = " + s.toFixed(2) + " s";
    if (walker) {
      const p = walkAt(s - delay), a = p.az * Math.PI / 180, len = 18 * unit;
      walker.setAttribute("cx", p.x); walker.setAttribute("cy", -p.z);
      // azimuth 0 = facing +z (up), 90 = +x (right)
      facing.setAttribute("x1", p.x); facing.setAttribute("y1", -p.z);
      facing.setAttribute("x2", p.x + len * Math.sin(a)); facing.setAttribute("y2", -p.z - len * Math.cos(a));
      text += (delay ? "   walk t = " + Math.max(0, s - delay).toFixed(2) + " s" : "") + "   x = " + p.x.toFixed(2) +
              "   z = " + p.z.toFixed(2) + "   azimuth = " + (((p.az % 360) + 360) % 360).toFixed(0) + "\u00b0";
    }
    if (I && I.t.length) {
      const k = inputAt(s);
      text += "   input: " + I.loudness[k].toFixed(1) + " dBFS, pitch " +
              (I.pitch[k] === null ? "-" : I.pitch[k].toFixed(1) + " Hz") + ", centroid " + I.centroid[k].toFixed(0) +
              " Hz, flatness " + I.flatness[k].toFixed(1) + " dB";
    }
    // the cursor is placed over the canvas (not its wrapper, which may be wider)
    for (const tl of tls) {
      const c = tl.querySelector("canvas");
      tl.querySelector(".cursor").style.left = (c.offsetLeft + Math.min(1, s / dur) * c.clientWidth - 1) + "px";
    }
    readout.textContent = text;
  }
  function loop() { update(); requestAnimationFrame(loop); }
  for (const ev of ["timeupdate", "seeked", "seeking", "loadedmetadata"]) audio.addEventListener(ev, update);
  function seek(s) { audio.currentTime = Math.max(0, Math.min(dur, s)); update(); }
  for (const tl of tls) {
    const c = tl.querySelector("canvas");
    c.addEventListener("click", e => { const r = c.getBoundingClientRect(); seek((e.clientX - r.left) / r.width * dur); });
  }
  if (map && n > 0)
    map.addEventListener("click", e => {
      const pt = map.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
      const q = pt.matrixTransform(map.getScreenCTM().inverse());
      let best = 0, bd = Infinity;
      for (let i = 0; i < n; i++) {
        const dx = W.x[i] - q.x, dz = -W.z[i] - q.y, dd = dx * dx + dz * dz;
        if (dd < bd) { bd = dd; best = i; }
      }
      seek(W.t[best] - W.t[0] + delay);  // heard `delay` later than walked
    });
  // For tests and scripts: the walker as drawn (scene units) and the walk itself.
  window.lwReport = {
    marker: () => walker ? ({ x: +walker.getAttribute("cx"), z: -walker.getAttribute("cy"),
                              facing: [+facing.getAttribute("x2") - +facing.getAttribute("x1"),
                                       -(+facing.getAttribute("y2") - +facing.getAttribute("y1"))] }) : null,
    walkAt: walkAt, seek: seek, duration: dur, delay: delay
  };
  update();
  requestAnimationFrame(loop);
})();
)JS";

}  // namespace

std::string base64(const std::string& in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t(std::uint8_t(in[i])) << 16) | (std::uint32_t(std::uint8_t(in[i + 1])) << 8) |
                            std::uint8_t(in[i + 2]);
    out += k[v >> 18];
    out += k[(v >> 12) & 63];
    out += k[(v >> 6) & 63];
    out += k[v & 63];
  }
  if (i < in.size()) {
    std::uint32_t v = std::uint32_t(std::uint8_t(in[i])) << 16;
    if (i + 1 < in.size()) v |= std::uint32_t(std::uint8_t(in[i + 1])) << 8;
    out += k[v >> 18];
    out += k[(v >> 12) & 63];
    out += i + 1 < in.size() ? k[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Spectrogram spectrogram(const float* x, std::int64_t frames, int channels, int rate, int max_cols, int rows) {
  constexpr int kN = 1024;
  Spectrogram s;
  s.rows = rows;
  s.nyquist = rate / 2.0;
  const std::int64_t hop = std::max<std::int64_t>(256, (frames + max_cols - 1) / std::max(1, max_cols));
  s.cols = int(std::max<std::int64_t>(1, (frames + hop - 1) / hop));
  features::RealFft fft(kN);
  std::vector<double> win(kN), buf(kN);
  for (int i = 0; i < kN; ++i) win[std::size_t(i)] = 0.5 - 0.5 * std::cos(2 * M_PI * i / kN);
  std::vector<std::complex<double>> spec(kN / 2 + 1);
  std::vector<double> db(std::size_t(s.cols) * std::size_t(rows), -300);
  double top = -300;
  for (int c = 0; c < s.cols; ++c) {
    const std::int64_t centre = std::int64_t(c) * hop + hop / 2;
    for (int i = 0; i < kN; ++i) {
      const std::int64_t k = centre - kN / 2 + i;
      double v = 0;
      if (k >= 0 && k < frames) {
        for (int ch = 0; ch < channels; ++ch) v += x[k * channels + ch];
        v /= channels;
      }
      buf[std::size_t(i)] = v * win[std::size_t(i)];
    }
    fft.forward(buf.data(), spec.data());
    for (int r = 0; r < rows; ++r) {
      // bins [r, r + 1) * (N/2) / rows, averaged power
      const int b0 = r * (kN / 2) / rows, b1 = std::max(b0 + 1, (r + 1) * (kN / 2) / rows);
      double p = 0;
      for (int b = b0; b < b1; ++b) p += std::norm(spec[std::size_t(b)]);
      const double v = 10 * std::log10(p / (b1 - b0) + 1e-20);
      db[std::size_t(c) * std::size_t(rows) + std::size_t(r)] = v;
      top = std::max(top, v);
    }
  }
  s.cells.resize(db.size());
  for (std::size_t i = 0; i < db.size(); ++i)
    s.cells[i] = std::uint8_t(std::lround(std::clamp((db[i] - (top - 80)) / 80, 0.0, 1.0) * 255));
  return s;
}

InputFeatures input_features(const std::string& audio_path) {
  const features::Params params;  // the defaults: what lw-features reports
  const auto t = features::extract(audio_path, params, {"loudness", "pitch", "confidence", "centroid", "flatness"});
  InputFeatures f;
  f.min_confidence = params.min_confidence;
  const int cl = t.column("loudness"), cp = t.column("pitch"), cc = t.column("confidence"),
            cs = t.column("centroid"), cf = t.column("flatness");
  for (std::size_t i = 0; i < t.frames(); ++i) {
    const double* r = t.row(i);
    f.times.push_back(t.times[i]);
    f.loudness.push_back(r[cl]);
    f.confidence.push_back(r[cc]);
    f.pitch.push_back(r[cc] >= params.min_confidence ? r[cp] : std::nan(""));
    f.centroid.push_back(r[cs]);
    f.flatness.push_back(r[cf]);
  }
  return f;
}

namespace {

json spectrogram_json(const audio::Buffer& a) {
  const auto sp = spectrogram(a.samples.data(), a.frames(), a.channels, a.sample_rate);
  return {{"cols", sp.cols},
          {"rows", sp.rows},
          {"nyquist", sp.nyquist},
          {"duration", double(a.frames()) / a.sample_rate},
          {"cells", base64(std::string(sp.cells.begin(), sp.cells.end()))}};
}

double rounded(double v, double step) { return std::round(v / step) * step; }

// At most kMaxPoints frames of each feature (evenly thinned), rounded to
// what a plot shows; NaN (a pitch gap) is null.
json input_json(const InputFeatures& f, const audio::Buffer& a) {
  constexpr std::size_t kMaxPoints = 4000;
  const auto idx = thin(f.times.size(), kMaxPoints);
  json t = json::array(), loud = json::array(), pitch = json::array(), cent = json::array(), flat = json::array();
  for (auto i : idx) {
    t.push_back(rounded(f.times[i], 1e-5));
    loud.push_back(rounded(f.loudness[i], 0.01));
    pitch.push_back(std::isnan(f.pitch[i]) ? json(nullptr) : json(rounded(f.pitch[i], 0.01)));
    cent.push_back(rounded(f.centroid[i], 0.1));
    flat.push_back(rounded(f.flatness[i], 0.01));
  }
  return {{"t", t},        {"loudness", loud},   {"pitch", pitch},
          {"centroid", cent}, {"flatness", flat}, {"min_confidence", f.min_confidence},
          {"frames", f.times.size()}, {"spectrogram", spectrogram_json(a)}};
}

std::string timeline(const std::string& id, int height) {
  return "<div class=\"timeline\"><canvas id=\"" + id + "\" width=\"760\" height=\"" + std::to_string(height) +
         "\"></canvas><div class=\"cursor\"></div></div>\n";
}

}  // namespace

std::string report_html(const ReportInput& in, const std::string& page_path) {
  const bool audio_mode = !in.input_audio_path.empty();
  const bool with_walk = !in.walk.frames.empty();
  if (!audio_mode && in.walk.frames.size() < 2)
    fail_input(in.audio_path, "the report needs a walk of at least two frames");
  if (!std::isfinite(in.delay_seconds) || in.delay_seconds < 0)
    fail_usage("the report's delay must be a finite number of seconds >= 0");
  const bool with_map = with_walk || in.scene.has_value();
  const auto a = audio::read_all(in.audio_path);
  if (a.frames() == 0) fail_input(in.audio_path, "the audio file is empty");
  const double duration = double(a.frames()) / a.sample_rate;

  // audio: inline or beside the page
  std::string audio_src;
  const std::int64_t pcm_bytes = std::int64_t(a.samples.size()) * 2;
  if (pcm_bytes <= kInlineAudioBytes) {
    audio_src = "data:audio/wav;base64," + base64(wav16(a));
  } else {
    namespace fs = std::filesystem;
    const fs::path page_dir = fs::absolute(fs::path(page_path)).parent_path();
    audio_src = fs::proximate(fs::absolute(in.audio_path), page_dir).generic_string();
    std::string esc;  // a relative URL: escape what a path may hold
    for (unsigned char c : audio_src) {
      if (std::isalnum(c) || std::string("-._~/").find(char(c)) != std::string::npos) {
        esc += char(c);
      } else {
        char b[4];
        std::snprintf(b, sizeof b, "%%%02X", c);
        esc += b;
      }
    }
    audio_src = esc;
  }

  json data;
  data["duration"] = duration;
  data["delay"] = in.delay_seconds;
  {
    const auto unwrapped = walk::unwrap_azimuth(in.walk);
    json t = json::array(), x = json::array(), z = json::array(), az = json::array();
    for (std::size_t i = 0; i < in.walk.frames.size(); ++i) {
      const auto& f = in.walk.frames[i];
      t.push_back(f.t);
      x.push_back(f.x);
      z.push_back(f.z);
      az.push_back(unwrapped[i]);
    }
    data["walk"] = {{"t", t}, {"x", x}, {"z", z}, {"az", az}};
  }
  // the box shown: the walk and the landmarks (x, z)
  double x0 = 1e300, x1 = -1e300, z0 = 1e300, z1 = -1e300;
  for (const auto& f : in.walk.frames) {
    x0 = std::min(x0, f.x), x1 = std::max(x1, f.x), z0 = std::min(z0, f.z), z1 = std::max(z1, f.z);
  }
  json landmarks = json::array();
  if (in.scene)
    for (const auto& l : in.scene->landmarks) {
      landmarks.push_back({{"name", l.name}, {"x", l.centre[0]}, {"z", l.centre[2]}, {"rx", l.radii[0]},
                           {"rz", l.radii[2]}, {"colour", l.colour}});
      x0 = std::min(x0, l.centre[0] - l.radii[0]), x1 = std::max(x1, l.centre[0] + l.radii[0]);
      z0 = std::min(z0, l.centre[2] - l.radii[2]), z1 = std::max(z1, l.centre[2] + l.radii[2]);
    }
  if (x0 > x1) x0 = z0 = -1, x1 = z1 = 1;  // a scene without landmarks and no walk
  if (x1 - x0 < 1e-9) x0 -= 1, x1 += 1;
  if (z1 - z0 < 1e-9) z0 -= 1, z1 += 1;
  data["landmarks"] = landmarks;
  data["box"] = {{"min", {x0, z0}}, {"max", {x1, z1}}};
  const bool with_latents = in.latent > 0 && in.frames > 0 && in.latent_rate > 0;
  if (with_latents) {
    const auto idx = thin(std::size_t(in.frames), 3000);
    json t = json::array(), values = json::array();
    for (auto i : idx) t.push_back(double(i) / in.latent_rate);
    for (int d = 0; d < in.latent; ++d) {
      json v = json::array();
      for (auto i : idx) v.push_back(std::round(double(in.latents[std::size_t(d) * std::size_t(in.frames) + i]) * 1e4) / 1e4);
      values.push_back(v);
    }
    data["latents"] = {{"t", t}, {"values", values}, {"rate", in.latent_rate}};
  }
  data["spectrogram"] = spectrogram_json(a);
  std::string input_nyquist;
  if (audio_mode) {
    const auto input = audio::read_all(in.input_audio_path);
    if (input.frames() == 0) fail_input(in.input_audio_path, "the audio file is empty");
    data["input"] = input_json(input_features(in.input_audio_path), input);
    input_nyquist = std::to_string(input.sample_rate / 2);
  }

  std::string legend;
  if (with_latents) {
    static const char* colours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    for (int d = 0; d < in.latent && d < 32; ++d)
      legend += "<span style=\"color:" + std::string(colours[d % 10]) + "\">&#9632; dim " + std::to_string(d) + "</span>";
  }
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
       "style-src 'unsafe-inline'; media-src data: 'self' file:; img-src data:\">\n";
  h += "<title>" + svg::escape(in.title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  h += "<h1>" + svg::escape(in.title) + "</h1>\n";
  if (!in.note.empty()) h += "<div class=\"note\">" + svg::escape(in.note) + "</div>\n";
  if (in.delay_seconds > 0) {
    const std::string ms = std::to_string(std::llround(in.delay_seconds * 1000));
    h += "<div class=\"delay\" id=\"delay-note\">Heard " + ms + " ms late" +
         (in.delay_reason.empty() ? std::string() : " (" + svg::escape(in.delay_reason) + ")") +
         ": the walker and the latents are drawn " + ms + " ms behind the audio, where they are heard.</div>\n";
  }
  h += "<audio id=\"player\" controls preload=\"auto\" src=\"" + audio_src + "\"></audio>\n";
  h += "<div id=\"readout\"></div>\n<div class=\"row\">\n";
  if (with_map)
    h += std::string("<div class=\"panel\"><h2>Top view (x right, z up") + (with_walk ? "; click to seek" : "") +
         ")</h2><svg id=\"map\" xmlns=\"http://www.w3.org/2000/svg\" preserveAspectRatio=\"xMidYMid meet\"></svg>"
         "</div>\n";
  h += "<div class=\"panel\">\n";
  if (with_latents)
    h += "<h2>Latent values against time (grey band: &plusmn;3)</h2><div class=\"legend\">" + legend + "</div>" +
         timeline("latents", 200);
  h += "<h2>Spectrogram" + std::string(audio_mode ? " of the render" : "") + " (0 to " +
       std::to_string(int(a.sample_rate / 2)) + " Hz, 80 dB range)</h2>" + timeline("spectrogram", 200);
  if (audio_mode) {
    h += "<h2>Spectrogram of the input (0 to " + input_nyquist + " Hz, 80 dB range)</h2>" +
         timeline("input-spectrogram", 160);
    h += "<h2>Input: RMS loudness (dBFS, the top 80 dB)</h2>" + timeline("input-loudness", 90);
    h += "<h2>Input: pitch (Hz, log scale; gaps where confidence &lt; " +
         svg::escape(format_fixed(features::Params{}.min_confidence, 2)) + ")</h2>" + timeline("input-pitch", 90);
    h += "<h2>Input: spectral centroid (Hz, log scale)</h2>" + timeline("input-centroid", 90);
    h += "<h2>Input: spectral flatness (dB)</h2>" + timeline("input-flatness", 90);
  }
  h += "</div>\n</div>\n";
  h += "<script type=\"application/json\" id=\"lw-data\">" + script_json(data) + "</script>\n";
  h += "<script>" + std::string(kScript) + "</script>\n</body>\n</html>\n";
  return h;
}

void write_report(const ReportInput& in, const std::string& page_path) {
  write_file_atomically(page_path, report_html(in, page_path));
}

}  // namespace lw::report
