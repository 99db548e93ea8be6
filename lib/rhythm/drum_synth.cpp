#include "rhythm/drum_synth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

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

// One hit of class `cls` added into out[start...], amplitude `amp`.
void hit(std::vector<float>& out, std::size_t start, int sr, int cls, double amp, std::uint64_t seed) {
  Noise noise(seed);
  // Durations (s) after which each voice is inaudible.
  static const double kLength[kClasses] = {0.6, 0.35, 0.12, 0.6, 0.6, 0.5, 0.45, 1.8, 1.2};
  const auto n = std::size_t(kLength[cls] * sr);
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
    out[start + i] += float(amp * v);
  }
}

}  // namespace

std::vector<float> render_drums(const midi::File& file, const SynthOptions& opt, SynthStats* stats) {
  SynthStats local;
  SynthStats& st = stats ? *stats : local;
  double last = 0;
  for (const auto& n : file.notes) last = std::max(last, midi::tick_to_seconds(file, n.tick));
  std::vector<float> out(std::size_t((last + opt.tail_seconds) * opt.sample_rate) + 1, 0.f);
  for (std::size_t k = 0; k < file.notes.size(); ++k) {
    const auto& n = file.notes[k];
    const int cls = n.channel == opt.channel ? drum_class(opt.map, n.pitch) : -1;
    if (cls < 0) {
      ++st.skipped;
      continue;
    }
    ++st.hits;
    const auto start = std::size_t(std::llround(midi::tick_to_seconds(file, n.tick) * opt.sample_rate));
    hit(out, start, opt.sample_rate, cls, n.velocity / 127.0, k + 1);
  }
  for (float& s : out) s = float(std::tanh(opt.gain * s));
  return out;
}

}  // namespace lw::rhythm
