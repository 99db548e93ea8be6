// Audio files through libsndfile: block-wise reading (memory does not grow
// with the file), whole-file reading for short files, and atomic writing.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/atomic_file.hpp"

struct sf_private_tag;

namespace lw::audio {

struct Info {
  std::int64_t frames = 0;
  int channels = 0;
  int sample_rate = 0;
  std::string format;  // e.g. "WAV float" for messages
  double duration() const { return sample_rate > 0 ? double(frames) / sample_rate : 0.0; }
};

// Interleaved float samples.
struct Buffer {
  int sample_rate = 0;
  int channels = 1;
  std::vector<float> samples;
  std::int64_t frames() const { return channels ? std::int64_t(samples.size()) / channels : 0; }
};

class Reader {
 public:
  // "-" reads stdin. Throws Exit::BadInput naming the file when libsndfile
  // cannot read it.
  // Standard input that is not seekable (a pipe) is first copied to an
  // unlinked temporary file: FLAC and other formats need to seek.
  // Sample rates outside 1 Hz..kMaxSampleRate and more than kMaxChannels
  // channels are refused.
  explicit Reader(const std::string& path);
  // Unwound by an exception: records the file for the error message.
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const Info& info() const { return info_; }
  const std::string& path() const { return path_; }
  // Reads up to `frames` interleaved frames into `out`; returns frames read.
  // Non-finite samples are refused with the frame number.
  std::int64_t read(float* out, std::int64_t frames);
  // Reads up to `frames` frames mixed to mono (channel < 0) or one channel.
  std::int64_t read_mono(float* out, std::int64_t frames, int channel = -1);
  // Frames read so far.
  std::int64_t position() const { return pos_; }

 private:
  std::string path_;
  sf_private_tag* file_ = nullptr;
  Info info_;
  std::int64_t pos_ = 0;
  std::vector<float> scratch_;
  int uncaught_ = 0;
};

// The largest sample rate and channel count a file may declare (64 x 48 kHz;
// beyond are headers that are wrong, and sizes derived from them overflow).
constexpr int kMaxSampleRate = 3072000;
constexpr int kMaxChannels = 1024;

// Whole file, interleaved.
Buffer read_all(const std::string& path);

enum class SampleFormat { Float, Pcm16, Pcm24 };
SampleFormat parse_sample_format(const std::string& name);  // float|pcm16|pcm24

// Writes blocks to a temporary file beside `target` and renames it into place
// on commit() (or copies it to a device/stdout; see AtomicOutput). The
// container follows the extension: .wav (also no extension, "-" and devices),
// .flac, .aif/.aiff, .caf, .w64, .au, .ogg/.oga (Vorbis), .opus, .mp3; any
// other extension is refused. Non-finite samples are refused (exit 2) with
// their frame, so a NaN never reaches a file.
class Writer {
 public:
  Writer(const std::string& target, int sample_rate, int channels, SampleFormat format = SampleFormat::Float);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  void write(const float* interleaved, std::int64_t frames);
  void commit();

 private:
  AtomicOutput out_;
  sf_private_tag* file_ = nullptr;
  int channels_;
  std::int64_t written_ = 0;
};

// The extensions Writer accepts, for messages and help texts.
std::string writable_extensions();
// Throws Exit::BadInput when `target`'s extension is not one Writer writes
// (to refuse before the work starts).
void check_writable_extension(const std::string& target);

void write_all(const std::string& target, const Buffer& buffer, SampleFormat format = SampleFormat::Float);

}  // namespace lw::audio
