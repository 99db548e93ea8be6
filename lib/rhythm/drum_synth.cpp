#include "rhythm/drum_synth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>

#include "core/error.hpp"

namespace lw::rhythm {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct Noise {
  std::uint64_t s;
  explicit Noise(std::uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ull + 1) {}
  double next() {  // xorshift64*, uniform in [-1, 1)
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return double((s * 0x2545F4914F6CDD1Dull) >> 11) / double(1ull << 52) - 1.0;
  }
};

// Durations (s) after which each voice is inaudible.
constexpr double kLength[kClasses] = {0.6, 0.35, 0.12, 0.6, 0.6, 0.5, 0.45, 1.8, 1.2};

// One hit of class `cls` added into out[start...], amplitude `amp`, cut after
// `limit` samples with a short fade (the next hit of the same voice).
void hit(std::vector<float>& out, std::size_t start, int sr, int cls, double amp, std::uint64_t seed,
         std::size_t limit) {
  Noise noise(seed);
  const auto n = std::min(std::size_t(kLength[cls] * sr), limit);
  const auto fade = std::min(n, std::size_t(sr / 500) + 1);  // 2 ms
  double phase = 0, hp_prev_in = 0, hp_prev_out = 0, lp = 0;
  // 808 cymbal oscillator frequencies (Hz).
  static const double kMetal[6] = {205.3, 304.4, 369.6, 522.7, 540.0, 800.0};
  double mphase[6] = {0, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < n && start + i < out.size(); ++i) {
    const double t = double(i) / sr;
    const double white = noise.next();
    // One-pole high-pass of the noise (bright hats and cymbals).
    const double hp = 0.92 * (hp_prev_out + white - hp_prev_in);
    hp_prev_in = white;
    hp_prev_out = hp;
    double v = 0;
    auto sweep = [&](double f0, double f1, double tau) {
      const double f = f1 + (f0 - f1) * std::exp(-t / tau);
      phase += 2 * kPi * f / sr;
      return std::sin(phase);
    };
    auto metal = [&]() {
      double m = 0;
      for (int k = 0; k < 6; ++k) {
        mphase[k] += kMetal[k] * 1.6 / sr;
        m += (std::fmod(mphase[k], 1.0) < 0.5 ? 1.0 : -1.0);
      }
      return m / 6;
    };
    switch (cls) {
      case 0:  // kick: pitch sweep 150 -> 48 Hz, plus a click
        v = sweep(150, 48, 0.04) * std::exp(-t / 0.18) + 0.3 * white * std::exp(-t / 0.003);
        break;
      case 1:  // snare: two tones and noise
        v = 0.5 * sweep(330, 185, 0.02) * std::exp(-t / 0.07) + 0.7 * hp * std::exp(-t / 0.09);
        break;
      case 2:  // closed hi-hat
        v = 0.6 * (0.6 * hp + 0.4 * metal()) * std::exp(-t / 0.025);
        break;
      case 3:  // open hi-hat
        v = 0.5 * (0.6 * hp + 0.4 * metal()) * std::exp(-t / 0.18);
        break;
      case 4:  // low tom
        v = sweep(130, 90, 0.08) * std::exp(-t / 0.2);
        break;
      case 5:  // mid tom
        v = sweep(180, 130, 0.08) * std::exp(-t / 0.17);
        break;
      case 6:  // high tom
        v = sweep(250, 185, 0.08) * std::exp(-t / 0.15);
        break;
      case 7:  // crash: noise and metal, long
        lp += 0.5 * (hp - lp);
        v = 0.45 * (0.6 * lp + 0.4 * metal()) * std::exp(-t / 0.6);
        break;
      default:  // ride: more metal than noise, a ping
        v = 0.35 * (0.3 * hp + 0.7 * metal()) * std::exp(-t / 0.4) +
            0.15 * std::sin(2 * kPi * 3520 * t) * std::exp(-t / 0.05);
        break;
    }
    const double g = i + fade >= n ? double(n - i) / double(fade) : 1.0;
    out[start + i] += float(amp * g * v);
  }
}

}  // namespace

double drums_duration(const midi::File& file, const SynthOptions& opt) {
  std::uint32_t last = 0;
  for (const auto& n : file.notes) last = std::max(last, n.tick);
  return (file.notes.empty() ? 0.0 : midi::tick_to_seconds(file, last)) + opt.tail_seconds;
}

std::vector<float> render_drums(const midi::File& file, const SynthOptions& opt, SynthStats* stats) {
  SynthStats local;
  SynthStats& st = stats ? *stats : local;
  const double seconds = drums_duration(file, opt);
  if (!(seconds <= kMaxPreviewSeconds)) fail_usage("the drums last longer than the preview's limit");
  std::vector<float> out(std::size_t(seconds * opt.sample_rate) + 1, 0.f);
  // Start sample and class of every note, the tempo map walked once in tick
  // order (a parsed file's notes are sorted already; the sort keeps them).
  const std::size_t count = file.notes.size();
  std::vector<std::size_t> start(count), order(count);
  std::vector<int> cls(count);
  for (std::size_t k = 0; k < count; ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return file.notes[a].tick < file.notes[b].tick; });
  {
    std::size_t t = 0;
    double at_seconds = 0, us = 500000;
    std::uint64_t at = 0;
    for (std::size_t k : order) {
      const auto& n = file.notes[k];
      while (t < file.tempos.size() && file.tempos[t].tick < n.tick) {
        at_seconds += double(file.tempos[t].tick - at) * us / (1e6 * file.division);
        at = file.tempos[t].tick;
        us = file.tempos[t].us_per_quarter;
        ++t;
      }
      const double sec = at_seconds + double(n.tick - at) * us / (1e6 * file.division);
      start[k] = std::size_t(std::llround(sec * opt.sample_rate));
      cls[k] = n.channel == opt.channel ? drum_class(opt.map, n.pitch) : -1;
    }
  }
  // One voice per class, as on a drum machine: a hit is cut by the next hit
  // of its class, so the work grows with the audio's length, not with the
  // number of overlapping notes.
  std::vector<std::size_t> limit(count, SIZE_MAX);
  {
    std::size_t next[kClasses];
    std::fill(std::begin(next), std::end(next), SIZE_MAX);
    for (std::size_t r = count; r-- > 0;) {
      const std::size_t k = order[r];
      if (cls[k] < 0) continue;
      const std::size_t nx = next[cls[k]];
      if (nx != SIZE_MAX) limit[k] = start[nx] - start[k];
      next[cls[k]] = k;
    }
  }
  for (std::size_t k = 0; k < count; ++k) {
    if (cls[k] < 0) {
      ++st.skipped;
      continue;
    }
    ++st.hits;
    if (limit[k] == 0) continue;  // a later note at the same instant takes the voice
    hit(out, start[k], opt.sample_rate, cls[k], file.notes[k].velocity / 127.0, k + 1, limit[k]);
  }
  for (float& s : out) s = float(std::tanh(opt.gain * s));
  return out;
}

}  // namespace lw::rhythm
