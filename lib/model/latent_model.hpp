// A latent audio model following the nn~ / RAVE export contract
// (DESIGN.md "Latent model contract"): the one place that knows how such a
// TorchScript module is loaded, described and called, like nn~'s Backend.
//
// Every method m that nn~ can call has a buffer m_params =
// [in_channels, in_ratio, out_channels, out_ratio]; get_methods() lists them
// when present; the sample rate is the int attribute `sr` (RAVE v2) or the
// buffer `sampling_rate` (RAVE v1). Calls run under inference mode and every
// output shape is checked against the params, so a broken file is a clear
// error (Exit::BadInput), never a crash.
#pragma once
#include <torch/script.h>

#include <cstdint>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/seeded_method.hpp"

namespace lw::model {

struct MethodParams {
  int in_channels = 0;
  int in_ratio = 0;
  int out_channels = 0;
  int out_ratio = 0;
};

class LatentModel {
 public:
  // A file path, or "builtin:NAME" (see builtin_models.hpp). Built-in models
  // are serialised and loaded through exactly the same code as a file.
  static LatentModel load(const std::string& spec);
  // Loads from serialised TorchScript bytes; `name` is used in messages.
  static LatentModel load_stream(std::istream& in, const std::string& name);

  const std::string& name() const { return name_; }
  // SHA-256 of the serialised model (the file's bytes).
  const std::string& sha256() const { return sha256_; }
  int sample_rate() const { return sample_rate_; }
  // "sr" (v2) or "sampling_rate" (v1).
  const std::string& sample_rate_source() const { return sample_rate_source_; }

  const std::vector<std::string>& methods() const { return methods_; }
  bool has_method(const std::string& m) const { return params_.count(m) != 0; }
  // Throws Exit::BadInput naming the model when the method is absent.
  const MethodParams& params(const std::string& method) const;

  // From decode_params.
  int latent_size() const { return params("decode").in_channels; }
  int ratio() const { return params("decode").in_ratio; }
  int channels() const { return params("decode").out_channels; }
  double frame_rate() const { return double(sample_rate_) / ratio(); }

  // Other attributes of the module (name -> printable value), for inspect.
  const std::map<std::string, std::string>& attributes() const { return attributes_; }

  // Calls `method` on x [batch, in_channels, frames] under inference mode and
  // checks the output against the method's params:
  // [batch, out_channels, frames * in_ratio / out_ratio]. Errors name the model.
  torch::Tensor call(const std::string& method, const torch::Tensor& x);
  // decode: z [batch, latent, frames] -> audio [batch, channels, frames * ratio].
  torch::Tensor decode(const torch::Tensor& z) { return call("decode", z); }

  // decode with its random draws seeded by `seed` alone: the same samples
  // as Python's `torch.manual_seed(seed); m.decode(z)`. Safe to call from
  // several threads at once when parallel_decode() (the draws come from a
  // generator private to the call); otherwise calls are serialised on
  // torch's global generator. Output shape checked like call().
  torch::Tensor decode_seeded(const torch::Tensor& z, std::uint64_t seed);
  // True when decode's random draws could be redirected (or there are none)
  // and the model keeps no state between calls: blocks may be decoded
  // concurrently. Otherwise decode_note() says why not.
  bool parallel_decode() const { return seeded_decode_.fn != nullptr && !streaming_; }
  const std::string& decode_note() const { return decode_note_; }

  // A streaming export (RAVE --streaming, cached_conv): decode keeps state
  // between calls (detected at load: the same input and seed decoded twice
  // give different audio). Such a model is decoded in order, without overlap.
  bool streaming() const { return streaming_; }
  // Cached-padding submodules found (buffer `pad`, int `padding`), the
  // structural sign of cached convolutions; 0 for other stateful models.
  int cached_paddings() const { return cached_paddings_; }
  // Internal delay of a streaming export in samples at the model's rate,
  // measured at load from an impulse through decode (the centroid of the
  // change it makes, minus the impulse frame's centre); 0 otherwise.
  std::int64_t delay() const { return delay_; }
  // Puts a stateful model back in the state it was loaded in (its buffers),
  // so every render starts alike. No-op for stateless models.
  void reset_state();

  // Serialised bytes of a built-in model (empty for a file: export copies it).
  const std::string& bytes() const { return bytes_; }

 private:
  LatentModel() = default;
  // Loads the module from `src` and reads the contract (shared by files and
  // built-in models).
  void open(std::istream& src);
  void check_tensor_records(const std::vector<std::uint64_t>& record_sizes) const;
  void detect_streaming();
  void measure_delay();
  void restore_buffers();
  torch::Tensor checked_output(const std::string& method, const torch::Tensor& x, const c10::IValue& out) const;
  std::string name_;
  std::string bytes_;
  std::string sha256_;
  std::shared_ptr<torch::jit::Module> module_;
  int sample_rate_ = 0;
  std::string sample_rate_source_;
  std::vector<std::string> methods_;
  std::map<std::string, MethodParams> params_;
  std::map<std::string, std::string> attributes_;
  SeededMethod seeded_decode_;
  std::string decode_note_;
  bool streaming_ = false;
  int cached_paddings_ = 0;
  std::int64_t delay_ = 0;
  // Buffers as loaded (tensor, copy), to reset a stateful model.
  std::vector<std::pair<torch::Tensor, torch::Tensor>> state_;
};

}  // namespace lw::model
