// The end of the rendering chain: optional sample-rate conversion
// (libsamplerate, streamed), optional peak normalisation, and the audio file.
// Normalising needs the peak before anything is written, so the samples go
// to an unnamed temporary float file first and are scaled on a second pass:
// memory stays bounded whatever the duration.
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audio/audio_file.hpp"

struct SRC_STATE_tag;

namespace lw::render {

struct OutputOptions {
  std::string path;
  audio::SampleFormat format = audio::SampleFormat::Float;
  int rate = 0;                           // 0: keep the model's rate
  std::optional<double> normalize_dbfs;  // peak level, e.g. -1
};

struct OutputSummary {
  std::int64_t frames = 0;
  int rate = 0;
  int channels = 0;
  double peak = 0;  // before normalisation (absolute sample value)
  double gain = 1;  // applied by normalisation
  double duration() const { return rate ? double(frames) / rate : 0; }
};

class OutputStage {
 public:
  // `total_in_frames` is the exact number of frames to keep at the input
  // rate; more is cut, which trims the last latent frame to the duration.
  OutputStage(const OutputOptions& options, int in_rate, int channels, std::int64_t total_in_frames);
  ~OutputStage();
  OutputStage(const OutputStage&) = delete;
  OutputStage& operator=(const OutputStage&) = delete;
  void write(const float* interleaved, std::int64_t frames);
  // Flushes, normalises and renames the file into place.
  OutputSummary finish();

 private:
  void emit(const float* data, std::int64_t frames);
  void store(const float* data, std::int64_t frames);
  OutputOptions options_;
  int in_rate_, channels_;
  std::int64_t remaining_;
  std::int64_t in_total_ = 0;
  std::int64_t cap_ = INT64_MAX;
  SRC_STATE_tag* src_ = nullptr;
  double src_ratio_ = 1;
  std::vector<float> conv_;
  std::unique_ptr<audio::Writer> writer_;
  std::FILE* temp_ = nullptr;
  OutputSummary summary_;
};

}  // namespace lw::render
