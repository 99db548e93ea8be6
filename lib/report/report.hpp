// One self-contained HTML page to review a soundwalk render: the audio with
// a player, the walk's top view (x right, z up) with the scene's landmarks
// and the walker's position and facing moving with playback, the latent
// values against time, a spectrogram computed here, a cursor on both, and
// a click on the map (the nearest point of the walk) or on a timeline seeks.
// In `lw-render audio` mode the page also shows the input's features
// against time (RMS loudness, pitch with gaps where its confidence is below
// features::Params::min_confidence, spectral centroid and flatness, all
// from lib/features) and the input's spectrogram; the map is there only
// with a walk or a scene. A render heard late (nn~'s buffer delay) shows
// the walker at t - delay, so what is seen lines up with what is heard.
// Everything is inline (no network, no CDN). The audio is embedded as a
// 16-bit WAV while that is at most kInlineAudioBytes; a longer render is
// referenced by its path relative to the page (keep the two side by side).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "walk/scene.hpp"
#include "walk/trajectory.hpp"

namespace lw::report {

// 32 MiB of 16-bit samples: about 5.8 minutes of 48 kHz mono, 2.9 of stereo.
constexpr std::int64_t kInlineAudioBytes = std::int64_t(32) << 20;

struct ReportInput {
  std::string title;
  std::string audio_path;  // the render (read for the player and the spectrogram)
  walk::Trajectory walk;   // audio time 0 = the walk's first frame
  std::optional<walk::Scene> scene;
  // Optional latent values, planar [latent][frames] at latent_rate Hz.
  std::vector<float> latents;
  int latent = 0;
  std::int64_t frames = 0;
  double latent_rate = 0;
  std::string note;  // a line under the title (e.g. model and mapping)
  // How late the walk is heard in the render (seconds; e.g. nn~'s buffer
  // delay): the walker and the latents are drawn at audio time t - delay,
  // and `delay_reason` is named in a visible note.
  double delay_seconds = 0;
  std::string delay_reason;
  // lw-render audio: the input that was encoded (its features and its
  // spectrogram are drawn). Its walk may then be empty (no walker; no map
  // unless a scene is given).
  std::string input_audio_path;
};

// The input's features for the page, frame by frame (features::extract with
// the default parameters: window 1024, hop 512, mono mix): RMS loudness
// (dBFS), pitch (Hz; NaN where the pitch confidence is below
// features::Params::min_confidence, a gap in the plot), spectral centroid
// (Hz) and spectral flatness (dB).
struct InputFeatures {
  std::vector<double> times, loudness, pitch, confidence, centroid, flatness;
  double min_confidence = 0;
};
InputFeatures input_features(const std::string& audio_path);

// The page; `page_path` is where it will be written (for a relative audio
// reference).
std::string report_html(const ReportInput& in, const std::string& page_path);
// Writes it atomically (an input is never overwritten: the caller guards).
void write_report(const ReportInput& in, const std::string& page_path);

// Spectrogram of the mono mix: `cols` columns of `rows` bytes (0 = 80 dB
// below the loudest cell, 255 = the loudest), column-major; rows go from
// 0 Hz (row 0) to Nyquist.
struct Spectrogram {
  int cols = 0, rows = 0;
  double nyquist = 0;
  std::vector<std::uint8_t> cells;
};
Spectrogram spectrogram(const float* interleaved, std::int64_t frames, int channels, int rate, int max_cols = 1000,
                        int rows = 256);

std::string base64(const std::string& bytes);

}  // namespace lw::report
