#include "audio/audio_file.hpp"

#include <fcntl.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>

#include "core/error.hpp"

namespace lw::audio {
namespace {

std::string lower_ext(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::string describe(const SF_INFO& info) {
  SF_FORMAT_INFO fi{};
  fi.format = info.format & SF_FORMAT_TYPEMASK;
  std::string major = sf_command(nullptr, SFC_GET_FORMAT_INFO, &fi, sizeof fi) == 0 && fi.name ? fi.name : "audio";
  return major;
}

// Standard input as a seekable descriptor: itself when it is a file, else a
// copy in an unlinked temporary file (FLAC's decoder seeks; over a pipe it
// "lost sync").
int seekable_stdin() {
  if (::lseek(STDIN_FILENO, 0, SEEK_CUR) >= 0) return ::dup(STDIN_FILENO);
  std::string pattern = (std::filesystem::temp_directory_path() / "lw-audio-stdin.tmp-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = ::mkstemp(name.data());
  if (fd < 0) fail_input("-", std::string("cannot create a temporary file for standard input: ") + std::strerror(errno));
  ::unlink(name.data());
  std::vector<char> buf(1 << 16);
  for (;;) {
    ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      fail_input("-", std::string("read error: ") + std::strerror(err));
    }
    if (n == 0) break;
    try {
      write_all_fd(fd, buf.data(), static_cast<std::size_t>(n), "a temporary copy of standard input");
    } catch (...) {
      ::close(fd);
      throw;
    }
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

const char* kExtensions = ".wav, .flac, .aif, .aiff, .caf, .w64, .au, .ogg, .oga, .opus, .mp3";

// libsndfile major/sub format for an output path; 0 when the extension is unknown.
int major_format(const std::string& target) {
  const std::string ext = lower_ext(target);
  if (ext.empty() || ext == ".wav") return SF_FORMAT_WAV;
  if (ext == ".flac") return SF_FORMAT_FLAC;
  if (ext == ".aif" || ext == ".aiff") return SF_FORMAT_AIFF;
  if (ext == ".caf") return SF_FORMAT_CAF;
  if (ext == ".w64") return SF_FORMAT_W64;
  if (ext == ".au") return SF_FORMAT_AU;
  if (ext == ".ogg" || ext == ".oga") return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
  if (ext == ".opus") return SF_FORMAT_OGG | SF_FORMAT_OPUS;
  if (ext == ".mp3") return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
  return 0;
}

bool is_device_or_stdout(const std::string& target) {
  if (target == "-") return true;
  struct stat st {};
  return ::stat(target.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

}  // namespace

std::string writable_extensions() { return kExtensions; }

void check_writable_extension(const std::string& target) {
  if (is_device_or_stdout(target) || major_format(target) != 0) return;
  fail_usage("output '" + target + "': unknown audio extension '" + lower_ext(target) + "'; write one of " +
             kExtensions);
}

Reader::Reader(const std::string& path) : path_(path), uncaught_(std::uncaught_exceptions()) {
  SF_INFO sfinfo{};
  if (path == "-") {
    file_ = sf_open_fd(seekable_stdin(), SFM_READ, &sfinfo, SF_TRUE);
  } else {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) fail_input(path, "no such file");
    if (std::filesystem::is_directory(path, ec)) fail_input(path, "is a directory, expected an audio file");
    file_ = sf_open(path.c_str(), SFM_READ, &sfinfo);
    note_input(path);
  }
  if (!file_) fail_input(path, std::string("not a readable audio file (") + sf_strerror(nullptr) + ")");
  info_.frames = sfinfo.frames;
  info_.channels = sfinfo.channels;
  info_.sample_rate = sfinfo.samplerate;
  info_.format = describe(sfinfo);
  std::string bad;
  if (info_.channels < 1) bad = "has no channels";
  else if (info_.channels > kMaxChannels)
    bad = "declares " + std::to_string(info_.channels) + " channels; at most " + std::to_string(kMaxChannels) +
          " are read";
  else if (info_.sample_rate < 1)
    bad = "declares no usable sample rate (" + std::to_string(info_.sample_rate) +
          " Hz as read; a rate too large for a 32-bit integer also reads as this)";
  else if (info_.sample_rate > kMaxSampleRate)
    bad = "declares a sample rate of " + std::to_string(info_.sample_rate) + " Hz; at most " +
          std::to_string(kMaxSampleRate) + " Hz is read (is the header damaged?)";
  if (info_.frames < 0) bad = "declares a negative length";
  if (!bad.empty()) {
    sf_close(file_);
    file_ = nullptr;
    fail_input(path, bad);
  }
  // Integer formats are scaled to [-1, 1); floats are passed through as stored.
  sf_command(file_, SFC_SET_NORM_FLOAT, nullptr, SF_TRUE);
}

Reader::~Reader() {
  if (file_) sf_close(file_);
  if (std::uncaught_exceptions() > uncaught_) note_failure_context(display_name(path_));
}

std::int64_t Reader::read(float* out, std::int64_t frames) {
  // 16-bit integer files: read the integers and scale them here (a loop the
  // compiler vectorises; libsndfile's own conversion is scalar): the same
  // values, x / 32768, and no finiteness check needed.
  SF_INFO cur{};
  sf_command(file_, SFC_GET_CURRENT_SF_INFO, &cur, sizeof cur);
  const int ch = info_.channels;
  if ((cur.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_16 && ch <= 1024) {
    constexpr std::int64_t kChunk = 1 << 15;  // samples (64 KB)
    short tmp[kChunk];
    const std::int64_t per = kChunk / ch;
    std::int64_t done = 0;
    while (done < frames) {
      const std::int64_t want = std::min(frames - done, per);
      const sf_count_t got = sf_readf_short(file_, tmp, want);
      if (got < 0) fail_input(path_, "read error");
      float* o = out + done * ch;
      const std::int64_t count = got * ch;
      for (std::int64_t i = 0; i < count; ++i) o[i] = float(tmp[i]) * (1.0f / 32768.0f);
      done += got;
      if (got < want) break;
    }
    pos_ += done;
    return done;
  }
  sf_count_t n = sf_readf_float(file_, out, frames);
  if (n < 0) fail_input(path_, "read error");
  const std::int64_t count = n * info_.channels;
  // A branch-free scan first (an all-ones exponent is Inf or NaN; the OR
  // reduction vectorises), the slow search for the culprit only on a hit.
  std::uint32_t bad = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, out + i, sizeof bits);
    bad |= std::uint32_t((bits & 0x7f800000u) == 0x7f800000u);
  }
  for (std::int64_t i = 0; bad && i < count; ++i) {
    if (!std::isfinite(out[i]))
      fail_input(path_, "sample " + std::to_string(pos_ + i / info_.channels) + " (channel " +
                            std::to_string(i % info_.channels + 1) + ") is not a finite number");
  }
  pos_ += n;
  return n;
}

std::int64_t Reader::read_mono(float* out, std::int64_t frames, int channel) {
  const int ch = info_.channels;
  if (channel >= ch) fail_usage("--channel " + std::to_string(channel + 1) + ": " + path_ + " has only " +
                                std::to_string(ch) + " channel(s)");
  if (ch == 1) return read(out, frames);
  scratch_.resize(static_cast<std::size_t>(frames * ch));
  std::int64_t n = read(scratch_.data(), frames);
  for (std::int64_t i = 0; i < n; ++i) {
    const float* f = scratch_.data() + i * ch;
    if (channel >= 0) {
      out[i] = f[channel];
    } else {
      double sum = 0;
      for (int c = 0; c < ch; ++c) sum += f[c];
      out[i] = static_cast<float>(sum / ch);
    }
  }
  return n;
}

Buffer read_all(const std::string& path) {
  Reader r(path);
  Buffer b;
  b.sample_rate = r.info().sample_rate;
  b.channels = r.info().channels;
  const std::int64_t block = 1 << 16;
  std::vector<float> tmp(static_cast<std::size_t>(block * b.channels));
  for (;;) {
    std::int64_t n = r.read(tmp.data(), block);
    if (n <= 0) break;
    b.samples.insert(b.samples.end(), tmp.begin(), tmp.begin() + n * b.channels);
  }
  return b;
}

SampleFormat parse_sample_format(const std::string& name) {
  if (name == "float") return SampleFormat::Float;
  if (name == "pcm16") return SampleFormat::Pcm16;
  if (name == "pcm24") return SampleFormat::Pcm24;
  fail_usage("--format: expected float, pcm16 or pcm24, got '" + name + "'");
}

Writer::Writer(const std::string& target, int sample_rate, int channels, SampleFormat format)
    : out_((check_writable_extension(target), target)), channels_(channels) {
  int major = is_device_or_stdout(target) && lower_ext(target).empty() ? SF_FORMAT_WAV : major_format(target);
  if (major == 0) major = SF_FORMAT_WAV;  // a device named like "x.raw": WAV as before
  int sub = format == SampleFormat::Float ? SF_FORMAT_FLOAT : format == SampleFormat::Pcm16 ? SF_FORMAT_PCM_16
                                                                                             : SF_FORMAT_PCM_24;
  if ((major & SF_FORMAT_SUBMASK) != 0) {
    sub = 0;  // lossy codecs name their own encoding
  } else if ((major == SF_FORMAT_FLAC) && sub == SF_FORMAT_FLOAT) {
    sub = SF_FORMAT_PCM_24;  // FLAC has no float
  }
  SF_INFO info{};
  info.samplerate = sample_rate;
  info.channels = channels;
  info.format = major | sub;
  if (!sf_format_check(&info))
    fail_usage("cannot write " + std::to_string(channels) + " channel(s) at " + std::to_string(sample_rate) +
               " Hz in the format of '" + target + "'" +
               ((major & SF_FORMAT_SUBMASK) == SF_FORMAT_OPUS ? " (Opus takes 8, 12, 16, 24 or 48 kHz)" : ""));
  file_ = sf_open(out_.temp_path().c_str(), SFM_WRITE, &info);
  if (!file_)
    fail_usage("cannot write '" + target + "': " + sf_strerror(nullptr) + " (temporary file " + out_.temp_path() + ")");
  // Integer output: clip rather than wrap around.
  sf_command(file_, SFC_SET_CLIPPING, nullptr, SF_TRUE);
  // No PEAK chunk in float WAV/AIFF: it holds the time of writing, so the
  // same samples would give different bytes on every run.
  sf_command(file_, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
}

Writer::~Writer() {
  if (file_) sf_close(file_);
}

void Writer::write(const float* interleaved, std::int64_t frames) {
  // The last check before a file: no NaN or Inf is ever written.
  const std::int64_t count = frames * channels_;
  std::uint32_t bad = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    std::uint32_t bits;
    std::memcpy(&bits, interleaved + i, sizeof bits);
    bad |= std::uint32_t((bits & 0x7f800000u) == 0x7f800000u);
  }
  for (std::int64_t i = 0; bad && i < count; ++i)
    if (!std::isfinite(interleaved[i]))
      fail_usage("refusing to write '" + out_.target() + "': frame " + std::to_string(written_ + i / channels_) +
                 " (channel " + std::to_string(i % channels_ + 1) + ") is not a finite number (" +
                 (std::isnan(interleaved[i]) ? "NaN" : "Inf") + ")");
  if (sf_writef_float(file_, interleaved, frames) != frames)
    fail_usage("cannot write '" + out_.target() + "': " + sf_strerror(file_) + " (" + std::strerror(errno) + ")");
  written_ += frames;
}

void Writer::commit() {
  const int err = sf_error(file_);
  std::string why = err ? sf_error_number(err) : "";
  const int rc = sf_close(file_);
  file_ = nullptr;
  if (err || rc) fail_usage("cannot write '" + out_.target() + "': " + (err ? why : sf_error_number(rc)));
  out_.commit();
}

void write_all(const std::string& target, const Buffer& buffer, SampleFormat format) {
  Writer w(target, buffer.sample_rate, buffer.channels, format);
  w.write(buffer.samples.data(), buffer.frames());
  w.commit();
}

}  // namespace lw::audio
