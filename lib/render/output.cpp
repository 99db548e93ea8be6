#include "render/output.hpp"

#include <samplerate.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace lw::render {
namespace {

// The --normalize buffer: an unnamed file in $TMPDIR (else /tmp; tmpfile(3)
// would ignore TMPDIR), gone when closed. Failing to make or fill it is the
// environment's doing (a missing or full directory): exit 2, with the reason.
std::string temp_dir() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

[[noreturn]] void fail_temp(const std::string& what, int err) {
  throw Error(Exit::BadInput,
              temp_dir() + ": " + what + " the temporary file for --normalize: " + std::strerror(err) +
                  " (set TMPDIR to a directory with room for the render)",
              true);
}

std::FILE* open_temp() {
  std::string path = temp_dir() + "/lw-render-normalize-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) fail_temp("cannot create", errno);
  ::unlink(path.c_str());
  std::FILE* f = ::fdopen(fd, "w+b");
  if (!f) {
    const int err = errno;
    ::close(fd);
    fail_temp("cannot open", err);
  }
  return f;
}

}  // namespace

OutputStage::OutputStage(const OutputOptions& options, int in_rate, int channels, std::int64_t total_in_frames)
    : options_(options), in_rate_(in_rate), channels_(channels), remaining_(total_in_frames) {
  summary_.channels = channels;
  summary_.rate = options.rate > 0 ? options.rate : in_rate;
  if (options.rate < 0 || options.rate > 768000) fail_usage("--rate must be between 1 and 768000 Hz");
  if (summary_.rate != in_rate) {
    if (!src_is_valid_ratio(double(summary_.rate) / in_rate))
      fail_usage("--rate " + std::to_string(summary_.rate) + ": cannot convert from the model's " + std::to_string(in_rate) +
                 " Hz (libsamplerate converts ratios between 1/256 and 256)");
    int err = 0;
    src_ = src_new(SRC_SINC_BEST_QUALITY, channels, &err);
    if (!src_) fail_internal(std::string("libsamplerate: ") + src_strerror(err));
    src_ratio_ = double(summary_.rate) / in_rate;
  }
  if (options.normalize_dbfs) {
    if (!std::isfinite(*options.normalize_dbfs) || *options.normalize_dbfs > 0)
      fail_usage("--normalize takes a peak level in dBFS <= 0, e.g. -1");
    temp_ = open_temp();
  }
  writer_ = std::make_unique<audio::Writer>(options.path, summary_.rate, channels, options.format);
}

OutputStage::~OutputStage() {
  if (src_) src_delete(src_);
  if (temp_) std::fclose(temp_);
}

void OutputStage::store(const float* data, std::int64_t frames) {
  frames = std::min(frames, cap_ - summary_.frames);
  if (frames <= 0) return;
  for (std::int64_t i = 0; i < frames * channels_; ++i) summary_.peak = std::max(summary_.peak, double(std::fabs(data[i])));
  summary_.frames += frames;
  if (temp_) {
    if (std::fwrite(data, sizeof(float) * std::size_t(channels_), std::size_t(frames), temp_) != std::size_t(frames))
      fail_temp("cannot write", errno);
  } else {
    writer_->write(data, frames);
  }
}

void OutputStage::emit(const float* data, std::int64_t frames) {
  if (!src_) {
    store(data, frames);
    return;
  }
  std::int64_t done = 0;
  while (done < frames) {
    const std::int64_t out_cap = 8192;
    conv_.resize(std::size_t(out_cap * channels_));
    SRC_DATA d{};
    d.data_in = data + done * channels_;
    d.input_frames = long(frames - done);
    d.data_out = conv_.data();
    d.output_frames = long(out_cap);
    d.src_ratio = src_ratio_;
    d.end_of_input = 0;
    if (int err = src_process(src_, &d)) fail_internal(std::string("libsamplerate: ") + src_strerror(err));
    done += d.input_frames_used;
    store(conv_.data(), d.output_frames_gen);
    if (d.input_frames_used == 0 && d.output_frames_gen == 0) break;
  }
}

void OutputStage::write(const float* interleaved, std::int64_t frames) {
  frames = std::min(frames, remaining_);
  if (frames <= 0) return;
  remaining_ -= frames;
  in_total_ += frames;
  emit(interleaved, frames);
}

OutputSummary OutputStage::finish() {
  if (src_) {
    // Flush the converter's delay line with silence, then keep exactly
    // in_frames * ratio frames.
    cap_ = std::llround(double(in_total_) * src_ratio_);
    std::vector<float> zeros(std::size_t(4096 * channels_), 0.0f);
    for (int i = 0; i < 64 && summary_.frames < cap_; ++i) emit(zeros.data(), 4096);
  }
  if (temp_) {
    const double target = std::pow(10.0, *options_.normalize_dbfs / 20);
    summary_.gain = summary_.peak > 0 ? target / summary_.peak : 1.0;
    if (std::fflush(temp_) != 0) fail_temp("cannot write", errno);
    std::rewind(temp_);
    std::vector<float> buf(std::size_t(65536 * channels_));
    std::size_t n;
    while ((n = std::fread(buf.data(), sizeof(float) * std::size_t(channels_), 65536, temp_)) > 0) {
      for (std::size_t i = 0; i < n * std::size_t(channels_); ++i) buf[i] = float(buf[i] * summary_.gain);
      writer_->write(buf.data(), std::int64_t(n));
    }
    if (std::ferror(temp_)) fail_temp("cannot read back", errno);
  }
  writer_->commit();
  return summary_;
}

}  // namespace lw::render
