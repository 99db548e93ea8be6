#include "model/block_decoder.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/error.hpp"
#include "core/numfmt.hpp"

namespace lw::model {

namespace {

// Latent frames [start, start + n) as a [1, latent, n] tensor; frames past
// the end repeat the last one (a streaming model's delay is decoded past it).
torch::Tensor block_latents(const std::vector<float>& latents, std::int64_t frames, int latent, std::int64_t start,
                            std::int64_t n) {
  auto z = torch::empty({1, latent, n}, torch::kFloat);
  float* zp = z.data_ptr<float>();
  for (int d = 0; d < latent; ++d) {
    const float* src = latents.data() + d * frames;
    const std::int64_t inside = std::max<std::int64_t>(0, std::min(n, frames - start));
    std::copy_n(src + start, inside, zp + d * n);
    std::fill(zp + d * n + inside, zp + (d + 1) * n, src[frames - 1]);
  }
  return z;
}

// y [1, ch, samples] -> interleaved.
void interleave(const torch::Tensor& y, int ch, std::vector<float>& audio) {
  const float* yp = y.data_ptr<float>();
  const std::int64_t samples = y.size(2);
  audio.resize(std::size_t(samples * ch));
  for (std::int64_t i = 0; i < samples; ++i)
    for (int c = 0; c < ch; ++c) audio[std::size_t(i * ch + c)] = yp[c * samples + i];
}

// Where audio leaves the model: NaN or Inf is never written.
void check_finite(const LatentModel& m, const float* p, std::int64_t frames, std::int64_t first_frame) {
  const int ch = m.channels();
  for (std::int64_t i = 0; i < frames * ch; ++i) {
    if (std::isfinite(p[i])) continue;
    const std::int64_t sample = first_frame + i / ch;
    const std::int64_t frame = sample / m.ratio();
    std::ostringstream os;
    os << "decode() returned " << (std::isnan(p[i]) ? "NaN" : "an infinite value") << " at latent frame " << frame
       << " (t = " << format_fixed(double(frame) / m.frame_rate(), 3) << " s, output sample " << sample
       << "): the model's output is not audio";
    fail_input(m.name(), os.str());
  }
}

void decode_streaming(LatentModel& model, const std::vector<float>& latents, std::int64_t frames,
                      const render::BlockSpec& spec, const AudioSink& sink, const ProgressFn& progress,
                      const DecodeRuntime& rt) {
  const int latent = model.latent_size(), ch = model.channels();
  const std::int64_t r = model.ratio();
  const std::int64_t delay = rt.compensate_delay ? model.delay() : 0;
  const std::int64_t total = frames + (delay + r - 1) / r;  // decode past the end by the delay
  const std::int64_t want = frames * r;
  const std::int64_t block = std::max<std::int64_t>(1, spec.block);
  std::int64_t skip = delay, emitted = 0;
  std::vector<float> audio;
  model.reset_state();
  std::size_t bi = 0;
  for (std::int64_t start = 0; start < total && emitted < want; start += block, ++bi) {
    const std::int64_t n = std::min(block, total - start);
    auto y = model.decode_seeded(block_latents(latents, frames, latent, start, n), block_seed(rt.seed, bi));
    interleave(y, ch, audio);
    const std::int64_t from = std::min(skip, n * r);
    skip -= from;
    const std::int64_t count = std::min(n * r - from, want - emitted);
    check_finite(model, audio.data() + from * ch, count, emitted);
    if (count > 0) sink(audio.data() + from * ch, count);
    emitted += count;
    if (progress) progress(std::min(start + n, frames), frames);
  }
  model.reset_state();
}

// Decoded blocks handed from the workers to the writer, in order, with at
// most `capacity` blocks decoded ahead of it.
class BlockQueue {
 public:
  BlockQueue(std::size_t blocks, std::size_t capacity) : blocks_(blocks), capacity_(capacity) {}

  // Worker side: the next block to decode, or false when done or stopped.
  bool claim(std::size_t& bi) {
    std::unique_lock<std::mutex> lock(mu_);
    work_.wait(lock, [&] { return stop_ || next_ >= blocks_ || next_ < consumed_ + capacity_; });
    if (stop_ || next_ >= blocks_) return false;
    bi = next_++;
    return true;
  }
  void put(std::size_t bi, torch::Tensor y, std::exception_ptr error) {
    std::lock_guard<std::mutex> lock(mu_);
    ready_[bi] = {std::move(y), error};
    done_.notify_all();
  }
  // Writer side: waits for block bi (blocks are taken in order).
  torch::Tensor take(std::size_t bi) {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [&] { return ready_.count(bi) != 0; });
    auto item = std::move(ready_[bi]);
    ready_.erase(bi);
    consumed_ = bi + 1;
    work_.notify_all();
    if (item.second) {
      stop_locked();
      lock.unlock();
      std::rethrow_exception(item.second);
    }
    return item.first;
  }
  void stop() {
    std::lock_guard<std::mutex> lock(mu_);
    stop_locked();
  }

 private:
  void stop_locked() {
    stop_ = true;
    work_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable work_, done_;
  std::size_t blocks_, capacity_, next_ = 0, consumed_ = 0;
  bool stop_ = false;
  std::map<std::size_t, std::pair<torch::Tensor, std::exception_ptr>> ready_;
};

}  // namespace

std::uint64_t block_seed(std::uint64_t seed, std::size_t block) {
  if (block == 0) return seed;
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * std::uint64_t(block);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void decode_blocks(LatentModel& model, const std::vector<float>& latents, std::int64_t frames,
                   const render::BlockSpec& spec, const AudioSink& sink, const ProgressFn& progress,
                   const DecodeRuntime& rt) {
  const int latent = model.latent_size();
  const int ch = model.channels();
  const std::int64_t r = model.ratio();
  if (std::int64_t(latents.size()) != latent * frames) fail_internal("decode_blocks: latent buffer size");
  if (frames <= 0) return;
  if (model.streaming()) return decode_streaming(model, latents, frames, spec, sink, progress, rt);
  const auto blocks = render::plan_blocks(frames, spec);
  auto decode = [&](std::size_t bi) {
    const auto& b = blocks[bi];
    return model.decode_seeded(block_latents(latents, frames, latent, b.start, b.end - b.start),
                               block_seed(rt.seed, bi));  // [1, ch, n * r], shape checked
  };
  const std::size_t workers =
      model.parallel_decode() ? std::min<std::size_t>(std::size_t(std::max(1, rt.threads)), blocks.size()) : 1;
  std::unique_ptr<BlockQueue> queue;
  std::vector<std::thread> pool;
  struct Join {
    std::unique_ptr<BlockQueue>& q;
    std::vector<std::thread>& pool;
    ~Join() {
      if (q) q->stop();
      for (auto& t : pool) t.join();
    }
  } join{queue, pool};
  if (workers > 1) {
    queue = std::make_unique<BlockQueue>(blocks.size(), 2 * workers);
    for (std::size_t w = 0; w < workers; ++w)
      pool.emplace_back([&] {
        at::set_num_threads(1);  // one thread per block: the workers are the parallelism
        std::size_t bi;
        while (queue->claim(bi)) {
          torch::Tensor y;
          std::exception_ptr error;
          try {
            y = decode(bi);
          } catch (...) {
            error = std::current_exception();
          }
          queue->put(bi, std::move(y), error);
        }
      });
  }

  std::vector<float> audio, tail;
  for (std::size_t bi = 0; bi < blocks.size(); ++bi) {
    const auto& b = blocks[bi];
    interleave(queue ? queue->take(bi) : decode(bi), ch, audio);
    const std::int64_t off = b.start * r;
    std::int64_t from = b.start * r;
    if (bi > 0) {
      const std::int64_t fs = b.fade_in_start * r, fe = b.fade_in_end * r;
      float* mine = audio.data() + (fs - off) * ch;
      const std::size_t len = std::size_t(fe - fs);
      const double rho = render::segment_correlation(tail.data(), mine, len * std::size_t(ch));
      for (std::size_t i = 0; i < len; ++i) {
        float ga, gb;
        render::crossfade_gains(i, len, rho, ga, gb);
        for (int c = 0; c < ch; ++c) {
          auto k = i * std::size_t(ch) + std::size_t(c);
          mine[k] = ga * tail[k] + gb * mine[k];
        }
      }
      from = fs;
    }
    const bool last = bi + 1 == blocks.size();
    const std::int64_t to = (last ? b.end : b.fade_out_start) * r;
    check_finite(model, audio.data() + (from - off) * ch, to - from, from);
    sink(audio.data() + (from - off) * ch, to - from);
    if (!last)
      tail.assign(audio.begin() + (b.fade_out_start * r - off) * ch, audio.begin() + (b.fade_out_end * r - off) * ch);
    if (progress) progress(b.end, frames);
  }
}

std::vector<float> encode_blocks(LatentModel& model, const float* audio, std::int64_t audio_frames,
                                 int channels, std::int64_t block, std::int64_t& frames_out) {
  const auto& p = model.params("encode");
  const std::int64_t r = p.out_ratio;
  const int latent = p.out_channels;
  const std::int64_t frames = (audio_frames + r - 1) / r;
  frames_out = frames;
  std::vector<float> out(std::size_t(latent * frames));
  block = std::max<std::int64_t>(1, block);
  for (std::int64_t start = 0; start < frames; start += block) {
    const std::int64_t n = std::min(block, frames - start);
    auto x = torch::zeros({1, p.in_channels, n * r}, torch::kFloat);
    float* xp = x.data_ptr<float>();
    for (std::int64_t i = 0; i < n * r; ++i) {
      const std::int64_t src = start * r + i;
      if (src >= audio_frames) break;
      for (int c = 0; c < p.in_channels; ++c) {
        // Mix or spread channels to what the encoder takes.
        float v;
        if (channels == p.in_channels) {
          v = audio[src * channels + c];
        } else {
          v = 0;
          for (int k = 0; k < channels; ++k) v += audio[src * channels + k];
          v /= float(channels);
        }
        xp[c * n * r + i] = v;
      }
    }
    auto z = model.call("encode", x);  // [1, latent, n]
    const float* zp = z.data_ptr<float>();
    for (int d = 0; d < latent; ++d) std::copy_n(zp + d * n, n, out.data() + d * frames + start);
  }
  return out;
}

}  // namespace lw::model
