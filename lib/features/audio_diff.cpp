#include "features/audio_diff.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

#include "audio/audio_file.hpp"
#include "core/error.hpp"
#include "features/loudness.hpp"
#include "features/stft.hpp"

namespace lw::features {

Tolerances default_tolerances() {
  Tolerances t;
  t.features = {{"ambitus", 0.5},  {"density", 0.25}, {"loudness", 0.1}, {"centroid", 10},
                {"spread", 10},    {"skewness", 0.05}, {"kurtosis", 0.5}, {"rolloff", 20},
                {"flatness", 0.2}, {"crest", 0.2}};
  return t;
}

Tolerances read_tolerances(const std::string& path, Tolerances base) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    fail_input(path, "cannot open");
  } catch (const YAML::Exception& e) {
    fail_input(path, std::size_t(e.mark.line + 1), e.msg);
  }
  if (root.IsNull()) return base;
  if (!root.IsMap()) fail_input(path, "expected a mapping of tolerances (length, peak_db, ...)");
  auto number = [&](const YAML::Node& n, const std::string& key) {
    double v = 0;
    try {
      v = n.as<double>();
    } catch (const YAML::Exception&) {
      fail_input(path, std::size_t(n.Mark().line + 1), "'" + key + "' must be a number");
    }
    if (!std::isfinite(v) || v < 0) fail_input(path, std::size_t(n.Mark().line + 1), "'" + key + "' must be >= 0");
    return v;
  };
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>();
    if (key == "length") base.length = number(kv.second, key);
    else if (key == "peak_db") base.peak_db = number(kv.second, key);
    else if (key == "rms_db") base.rms_db = number(kv.second, key);
    else if (key == "max_abs_diff") base.max_abs_diff = number(kv.second, key);
    else if (key == "lsd_db") base.lsd_db = number(kv.second, key);
    else if (key == "features") {
      if (!kv.second.IsMap()) fail_input(path, std::size_t(kv.second.Mark().line + 1), "'features' must map names to tolerances");
      for (const auto& f : kv.second) {
        const std::string name = f.first.as<std::string>();
        const auto& all = all_features();
        if (std::find(all.begin(), all.end(), name) == all.end())
          fail_input(path, std::size_t(f.first.Mark().line + 1), "unknown feature '" + name + "'");
        base.features[name] = number(f.second, "features." + name);
      }
    } else {
      fail_input(path, std::size_t(kv.first.Mark().line + 1),
                 "unknown key '" + key + "' (known: length, peak_db, rms_db, max_abs_diff, lsd_db, features)");
    }
  }
  return base;
}

bool DiffReport::ok() const {
  return std::all_of(measures.begin(), measures.end(), [](const Measure& m) { return m.ok; });
}

namespace {

double db(double v) { return v > 0 ? std::max(kSilenceDb, 20.0 * std::log10(v)) : kSilenceDb; }

Measure exact(const std::string& name, const std::string& unit, double a, double b, double tol) {
  Measure m{name, unit, a, b, std::fabs(a - b), tol, true, true};
  m.ok = m.diff <= tol;
  return m;
}

}  // namespace

DiffReport diff_audio(const std::string& path_a, const std::string& path_b, const Params& params,
                      const Tolerances& tol) {
  validate(params);
  audio::Reader ra(path_a), rb(path_b);
  const audio::Info ia = ra.info(), ib = rb.info();
  DiffReport rep;
  rep.measures.push_back(exact("sample_rate", "Hz", ia.sample_rate, ib.sample_rate, 0));
  rep.measures.push_back(exact("channels", "", ia.channels, ib.channels, 0));
  const bool comparable = ia.sample_rate == ib.sample_rate && ia.channels == ib.channels;

  // Sample-level measures, block by block in step. Levels over every
  // channel; spectra of the mono mixes, frame by frame.
  const std::size_t block = 1 << 15;
  std::vector<float> ba(block * std::size_t(ia.channels)), bb(block * std::size_t(ib.channels));
  std::vector<float> ma(block), mb(block);
  double peak_a = 0, peak_b = 0, ss_a = 0, ss_b = 0, max_diff = 0;
  std::int64_t na = 0, nb = 0;
  Framer fa(params.window, params.hop), fb(params.window, params.hop);
  Spectrum sa(params.window, params.fft), sb(params.window, params.fft);
  double window_sum = 0;
  for (double w : hann_periodic(params.window)) window_sum += w;
  // Power floor: -120 dB below a full-scale sinusoid's peak bin, so that
  // differences far below audibility do not count.
  const double eps = std::pow(window_sum / 2 * 1e-6, 2);
  double lsd_sum = 0;
  std::int64_t lsd_frames = 0;
  auto drain = [&] {
    for (;;) {
      const double* x = fa.next();
      if (!x) break;
      const double* y = fb.next();
      if (!y) fail_internal("diff: frame streams out of step");
      sa.compute(x);
      sb.compute(y);
      const auto& pa = sa.magnitude();
      const auto& pb = sb.magnitude();
      double acc = 0;
      for (std::size_t k = 0; k < pa.size(); ++k) {
        const double r = 10.0 * std::log10((pa[k] * pa[k] + eps) / (pb[k] * pb[k] + eps));
        acc += r * r;
      }
      lsd_sum += std::sqrt(acc / double(pa.size()));
      ++lsd_frames;
    }
  };
  for (;;) {
    const std::int64_t ga = ra.read(ba.data(), std::int64_t(block));
    const std::int64_t gb = rb.read(bb.data(), std::int64_t(block));
    if (ga == 0 && gb == 0) break;
    for (std::int64_t i = 0; i < ga * ia.channels; ++i) {
      peak_a = std::max(peak_a, double(std::fabs(ba[std::size_t(i)])));
      ss_a += double(ba[std::size_t(i)]) * ba[std::size_t(i)];
    }
    for (std::int64_t i = 0; i < gb * ib.channels; ++i) {
      peak_b = std::max(peak_b, double(std::fabs(bb[std::size_t(i)])));
      ss_b += double(bb[std::size_t(i)]) * bb[std::size_t(i)];
    }
    na += ga;
    nb += gb;
    if (!comparable) continue;
    // Missing samples of the shorter file count as zeros.
    const std::int64_t g = std::max(ga, gb);
    const int ch = ia.channels;
    for (std::int64_t f = 0; f < g; ++f) {
      double suma = 0, sumb = 0;
      for (int c = 0; c < ch; ++c) {
        const double xa = f < ga ? ba[std::size_t(f * ch + c)] : 0.0;
        const double xb = f < gb ? bb[std::size_t(f * ch + c)] : 0.0;
        max_diff = std::max(max_diff, std::fabs(xa - xb));
        suma += xa;
        sumb += xb;
      }
      ma[std::size_t(f)] = float(suma / ch);
      mb[std::size_t(f)] = float(sumb / ch);
    }
    fa.push(ma.data(), std::size_t(g));
    fb.push(mb.data(), std::size_t(g));
    drain();
  }
  rep.measures.push_back(exact("length", "samples", double(na), double(nb), tol.length));
  rep.measures.push_back(exact("peak_db", "dBFS", db(peak_a), db(peak_b), tol.peak_db));
  const double rms_a = na ? std::sqrt(ss_a / double(na * ia.channels)) : 0.0;
  const double rms_b = nb ? std::sqrt(ss_b / double(nb * ib.channels)) : 0.0;
  rep.measures.push_back(exact("rms_db", "dBFS", db(rms_a), db(rms_b), tol.rms_db));
  if (comparable && (na > 0 || nb > 0)) {
    fa.finish();
    fb.finish();
    drain();
    rep.measures.push_back(exact("max_abs_diff", "", 0, max_diff, tol.max_abs_diff));
    rep.measures.back().a = 0;
    rep.measures.push_back(exact("lsd_db", "dB", 0, lsd_frames ? lsd_sum / double(lsd_frames) : 0.0, tol.lsd_db));
  } else {
    for (const char* n : {"max_abs_diff", "lsd_db"}) {
      Measure m;
      m.name = n;
      m.compared = false;
      m.ok = false;
      rep.measures.push_back(m);
    }
  }

  // Feature means (mono mixes, the same parameters for both).
  std::vector<std::string> names;
  for (const auto& kv : tol.features) names.push_back(kv.first);
  // keep the DESIGN order where it applies
  std::vector<std::string> ordered;
  for (const auto& n : all_features())
    if (std::find(names.begin(), names.end(), n) != names.end()) ordered.push_back(n);
  if (!ordered.empty() && na >= params.window && nb >= params.window) {
    const Table ta = extract(path_a, params, ordered), tb = extract(path_b, params, ordered);
    const auto sa_ = summarize(ta, 0, -1), sb_ = summarize(tb, 0, -1);
    for (std::size_t c = 0; c < ordered.size(); ++c)
      rep.measures.push_back(exact("feature:" + ordered[c], ta.units[c], sa_[c].mean, sb_[c].mean,
                                   tol.features.at(ordered[c])));
  }
  return rep;
}

}  // namespace lw::features
