#include "model/builtin_models.hpp"

#include <torch/script.h>

#include <cmath>
#include <cstdint>
#include <sstream>

#include "core/error.hpp"

namespace lw::model {
namespace {

constexpr int kLatent = 8;
constexpr int kRatio = 2048;
constexpr int kRate = 48000;
constexpr int kHidden = 64;
constexpr int kControls = 17;
constexpr int kBands = 8;

// Fixed-seed normal numbers that do not depend on the C++ library's
// distributions: splitmix64 + Box-Muller.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  double uniform() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return (double(z >> 11) + 0.5) / 9007199254740992.0;
  }
  double normal() {
    double u1 = uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  std::uint64_t s_;
};

torch::Tensor random_matrix(Rng& rng, int rows, int cols, double stddev) {
  auto t = torch::empty({rows, cols}, torch::kFloat);
  auto a = t.accessor<float, 2>();
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) a[i][j] = float(rng.normal() * stddev);
  return t;
}

// TorchScript source of the methods (compiled by Module::define).
const char* kSource = R"TS(
def get_methods(self) -> List[str]:
    return ["forward", "encode", "decode", "prior"]

def controls(self, z: Tensor) -> Tensor:
    x = z.transpose(1, 2)
    h = torch.tanh(torch.matmul(x, self.w1) + self.b1)
    h = torch.tanh(torch.matmul(h, self.w2) + self.b2)
    return torch.matmul(h, self.w3) + self.b3 + torch.matmul(x, self.skip)

def formants(self, c: Tensor, freqs: Tensor, shift: Tensor) -> Tensor:
    f1 = (250.0 + 650.0 * torch.sigmoid(c[:, :, 3:4])) * shift
    f2 = (800.0 + 1600.0 * torch.sigmoid(c[:, :, 4:5])) * shift
    f3 = (2200.0 + 1200.0 * torch.sigmoid(c[:, :, 5:6])) * shift
    tilt = -3.0 - 6.0 * torch.sigmoid(c[:, :, 6:7])
    f = freqs.view(1, 1, -1)
    env = 1.0 / (1.0 + ((f - f1) / 70.0) ** 2) + 0.6 / (1.0 + ((f - f2) / 100.0) ** 2) \
        + 0.3 / (1.0 + ((f - f3) / 150.0) ** 2) + 0.02
    octaves = torch.log2(torch.clamp(f, min=100.0) / 100.0)
    return env * torch.pow(10.0, tilt * octaves / 20.0)

def harmonic(self, c: Tensor, env: Tensor, phase: Tensor) -> Tensor:
    m = 4.0 + 10.0 * torch.sigmoid(c[:, :, 0:1])
    lo = torch.floor(m)
    fr = m - lo
    fr = fr * fr * (3.0 - 2.0 * fr)
    fr = fr * fr * (3.0 - 2.0 * fr)
    b = self.bins_h.view(1, 1, -1)
    audible = (b > 0.5) & (self.freqs_h.view(1, 1, -1) < 9000.0)
    mask_lo = ((torch.remainder(b, lo) == 0.0) & audible).float()
    mask_hi = ((torch.remainder(b, lo + 1.0) == 0.0) & audible).float()
    mag = env * (mask_lo * (1.0 - fr) + mask_hi * fr)
    mag = mag / torch.sqrt(torch.sum(mag * mag, dim=2, keepdim=True) + 1e-12) * 1448.1547
    spec = torch.complex(mag * torch.cos(phase), mag * torch.sin(phase))
    period = torch.fft_irfft(spec, n=2048, dim=2)
    return torch.cat([period, period], dim=2) * self.win_hann

def noise(self, c: Tensor, env: Tensor) -> Tensor:
    bands = torch.sigmoid(1.5 * c[:, :, 7:15])
    mag = torch.matmul(bands, self.band_matrix) * (0.15 + env)
    mag = mag / torch.sqrt(torch.sum(mag * mag, dim=2, keepdim=True) + 1e-12) * 2896.3094
    phase = torch.rand_like(mag) * 6.283185307179586
    spec = torch.complex(mag * torch.cos(phase), mag * torch.sin(phase))
    return torch.fft_irfft(spec, n=4096, dim=2) * self.win_sqrt

def overlap_add(self, g: Tensor) -> Tensor:
    n = g.size(0)
    grains = g.size(1)
    zero = torch.zeros([n, 1, 2048], dtype=g.dtype)
    ola = torch.cat([g[:, :, :2048], zero], 1) + torch.cat([zero, g[:, :, 2048:]], 1)
    flat = ola.reshape(n, (grains + 1) * 2048)
    return flat[:, 3072:3072 + (grains - 2) * 2048]

def voice(self, z: Tensor, stereo: bool) -> Tensor:
    zp = torch.cat([z[:, :, :1], z, z[:, :, -1:]], dim=2)
    c = self.controls(zp)
    voiced = torch.sigmoid(1.5 * c[:, :, 1:2])
    gain = torch.pow(10.0, (-21.0 + 3.0 * torch.tanh(c[:, :, 2:3])) / 20.0)
    breath = (1.05 - voiced) * 0.7
    if not stereo:
        one = torch.ones_like(voiced)
        h = self.harmonic(c, self.formants(c, self.freqs_h, one), self.phase_h[0])
        ns = self.noise(c, self.formants(c, self.freqs_n, one))
        return self.overlap_add(gain * (voiced * h + breath * ns)).unsqueeze(1)
    spread = 0.07 * torch.tanh(c[:, :, 16:17])
    width = 0.9 * torch.sigmoid(1.5 * c[:, :, 15:16])
    keep = (1.0 - width) / torch.sqrt((1.0 - width) ** 2 + width ** 2)
    fresh = width / torch.sqrt((1.0 - width) ** 2 + width ** 2)
    left_env = self.formants(c, self.freqs_h, 1.0 + spread)
    right_env = self.formants(c, self.freqs_h, 1.0 - spread)
    h_left = self.harmonic(c, left_env, self.phase_h[0])
    h_right = keep * self.harmonic(c, right_env, self.phase_h[0]) \
        + fresh * self.harmonic(c, right_env, self.phase_h[1])
    n_left = self.noise(c, self.formants(c, self.freqs_n, 1.0 + spread))
    n_right = keep * n_left + fresh * self.noise(c, self.formants(c, self.freqs_n, 1.0 - spread))
    left = self.overlap_add(gain * (voiced * h_left + breath * n_left))
    right = self.overlap_add(gain * (voiced * h_right + breath * n_right))
    return torch.stack([left, right], dim=1)

def encode(self, x: Tensor) -> Tensor:
    mono = torch.mean(x, dim=1)
    n = mono.size(0)
    frames = mono.size(1) // 2048
    f = mono[:, :frames * 2048].reshape(n, frames, 2048)
    power = torch.abs(torch.fft_rfft(f * self.win_enc, dim=2)) ** 2 + 1e-12
    total = torch.sum(power, dim=2)
    loud = 10.0 * torch.log10(torch.mean(f * f, dim=2) + 1e-10)
    centroid = torch.sum(power * self.freqs_h.view(1, 1, -1), dim=2) / total
    flatness = torch.exp(torch.mean(torch.log(power), dim=2)) / torch.mean(power, dim=2)
    feats = torch.stack([(loud + 30.0) / 15.0, torch.log2(centroid / 1500.0),
                         torch.log10(flatness) + 1.5, torch.ones_like(loud)], dim=2)
    z = 3.0 * torch.tanh(torch.matmul(feats, self.enc_w))
    return z.transpose(1, 2)

def prior(self, temperature: Tensor) -> Tensor:
    n = temperature.size(0)
    frames = temperature.size(2)
    steps = torch.randn([n, 8, frames])
    out = torch.zeros([n, 8, frames])
    state = torch.zeros([n, 8])
    for t in range(frames):
        state = 0.97 * state + 0.2431 * temperature[:, :, t] * steps[:, :, t]
        out[:, :, t] = state
    return out
)TS";

torch::jit::Module build(bool stereo) {
  torch::jit::Module m(stereo ? "VoicesStereo" : "Voices");
  Rng rng(stereo ? 0x5354455245ull : 0x564F49434553ull);  // "STERE", "VOICES"
  const int channels = stereo ? 2 : 1;

  m.register_parameter("w1", random_matrix(rng, kLatent, kHidden, 0.35), false);
  m.register_parameter("b1", random_matrix(rng, 1, kHidden, 0.2).view({kHidden}), false);
  m.register_parameter("w2", random_matrix(rng, kHidden, kHidden, 0.15), false);
  m.register_parameter("b2", random_matrix(rng, 1, kHidden, 0.2).view({kHidden}), false);
  m.register_parameter("w3", random_matrix(rng, kHidden, kControls, 0.19), false);
  m.register_parameter("b3", torch::zeros({kControls}), false);
  // Residual linear path: which latent dimension drives which control.
  auto skip = torch::zeros({kLatent, kControls});
  auto s = skip.accessor<float, 2>();
  s[0][0] = 0.9f;   // pitch
  s[0][3] = 0.5f;   // F1 (openness)
  s[1][4] = 0.9f;   // F2 (front/back vowel)
  s[1][3] = -0.4f;
  s[2][1] = 1.3f;   // voicing: breathy noise <-> voiced
  s[2][4] = -0.4f;
  s[3][0] = -0.4f;
  s[3][5] = 0.8f;   // F3
  s[4][6] = 0.9f;   // spectral tilt
  s[4][2] = 0.4f;   // loudness
  for (int b = 0; b < kBands; ++b) s[5][7 + b] = float(1.2 * std::cos(3.14159265 * b / (kBands - 1)));
  for (int b = 0; b < kBands; ++b) s[6][7 + b] = float(0.8 * std::sin(3.14159265 * b / (kBands - 1)));
  s[6][15] = 1.0f;  // stereo width
  s[7][16] = 1.0f;  // stereo formant spread
  s[7][1] = 0.3f;
  m.register_parameter("skip", skip, false);

  // Frequencies of the 2048-point (harmonic period) and 4096-point (noise
  // grain) spectra.
  auto bins_h = torch::arange(0, kRatio / 2 + 1, torch::kFloat);
  m.register_buffer("bins_h", bins_h);
  m.register_buffer("freqs_h", bins_h * float(double(kRate) / kRatio));
  auto freqs_n = torch::arange(0, kRatio + 1, torch::kFloat) * float(double(kRate) / (2 * kRatio));
  m.register_buffer("freqs_n", freqs_n);
  // Noise bands: triangles on a log-frequency axis, centres 120 Hz .. 15 kHz.
  auto bands = torch::zeros({kBands, kRatio + 1});
  {
    auto a = bands.accessor<float, 2>();
    auto f = freqs_n.accessor<float, 1>();
    const double lo = std::log2(120.0), hi = std::log2(15000.0), step = (hi - lo) / (kBands - 1);
    for (int b = 0; b < kBands; ++b)
      for (int k = 1; k <= kRatio; ++k) {
        double d = std::abs(std::log2(double(f[k])) - (lo + b * step)) / step;
        if (d < 1) a[b][k] = float(1 - d);
        if (b == kBands - 1 && std::log2(double(f[k])) > hi) a[b][k] = 1;
      }
  }
  m.register_buffer("band_matrix", bands);
  // Fixed phases of the harmonic partials (random phases keep the crest
  // factor low: a voice, not a click train). The second set is the first
  // shifted by 90 degrees: a harmonic sound made with it is orthogonal to
  // the first (a Hilbert transform), so mixing the two sets the stereo
  // correlation exactly.
  auto phase = torch::zeros({2, kRatio / 2 + 1});
  {
    auto a = phase.accessor<float, 2>();
    for (int k = 0; k <= kRatio / 2; ++k) {
      a[0][k] = float(rng.uniform() * 6.283185307179586);
      a[1][k] = float(a[0][k] + 1.5707963267948966);
    }
  }
  m.register_buffer("phase_h", phase);
  // Periodic Hann (sums to 1 at 50 % overlap: coherent grains) and its
  // square root (squares sum to 1: constant power for independent noise).
  auto n = torch::arange(0, 2 * kRatio, torch::kDouble);
  auto hann = (0.5 - 0.5 * torch::cos(n * (2 * M_PI / (2 * kRatio)))).to(torch::kFloat);
  m.register_buffer("win_hann", hann);
  m.register_buffer("win_sqrt", torch::sqrt(hann));
  m.register_buffer("win_enc", torch::hann_window(kRatio, torch::TensorOptions().dtype(torch::kFloat)));
  // Encoder: features (loudness, log centroid, log flatness, 1) -> latent.
  auto enc = random_matrix(rng, 4, kLatent, 0.3);
  {
    auto e = enc.accessor<float, 2>();
    e[1][0] += 0.8f;   // brightness -> pitch dimension
    e[1][1] += 0.5f;
    e[2][2] -= 0.9f;   // noisy -> breathy
    e[0][4] += 0.5f;   // loudness
  }
  m.register_buffer("enc_w", enc);

  m.register_buffer("decode_params", torch::tensor({kLatent, kRatio, channels, 1}, torch::kInt));
  m.register_buffer("encode_params", torch::tensor({channels, 1, kLatent, kRatio}, torch::kInt));
  m.register_buffer("forward_params", torch::tensor({channels, 1, channels, 1}, torch::kInt));
  m.register_buffer("prior_params", torch::tensor({1, kRatio, kLatent, kRatio}, torch::kInt));
  m.register_attribute("sr", c10::IntType::get(), c10::IValue(int64_t(kRate)));
  m.register_attribute("stereo", c10::BoolType::get(), c10::IValue(stereo));
  m.register_attribute("description", c10::StringType::get(),
                       c10::IValue(std::string(stereo ? "latentwalk builtin:voices-stereo" : "latentwalk builtin:voices") +
                                   ": untrained fixed-seed MLP -> harmonic-plus-noise voice synthesiser"));
  m.define(kSource);
  m.define(stereo ? "def decode(self, z: Tensor) -> Tensor:\n    return self.voice(z, True)\n"
                  : "def decode(self, z: Tensor) -> Tensor:\n    return self.voice(z, False)\n");
  // nn~ calls `forward` when a patch names no method: audio in, audio out
  // (encode then decode), forward_params [channels, 1, channels, 1].
  m.define("def forward(self, x: Tensor) -> Tensor:\n    return self.decode(self.encode(x))\n");
  m.eval();
  return m;
}

}  // namespace

std::vector<std::string> builtin_names() { return {"builtin:voices", "builtin:voices-stereo"}; }

bool is_builtin_name(const std::string& spec) { return spec.rfind("builtin:", 0) == 0; }

std::string builtin_model_bytes(const std::string& name) {
  bool stereo;
  if (name == "builtin:voices")
    stereo = false;
  else if (name == "builtin:voices-stereo")
    stereo = true;
  else
    fail_usage("unknown built-in model '" + name + "' (known: builtin:voices, builtin:voices-stereo)");
  std::ostringstream out;
  build(stereo).save(out);
  return out.str();
}

}  // namespace lw::model
