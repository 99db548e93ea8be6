#include "model/latent_model.hpp"

#include <filesystem>
#include <fstream>
#include <cmath>
#include <iostream>
#include <mutex>
#include <sstream>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "model/builtin_models.hpp"

namespace lw::model {
namespace {

// First line of a torch error: the rest is a C++ or TorchScript backtrace.
std::string first_line(const std::string& what) {
  auto nl = what.find('\n');
  std::string s = what.substr(0, nl);
  return s.empty() ? std::string("unknown error") : s;
}

std::string ivalue_text(const c10::IValue& v) {
  std::ostringstream os;
  if (v.isTensor()) {
    const auto& t = v.toTensor();
    if (t.numel() > 0 && t.numel() <= 8) {
      auto d = t.to(torch::kDouble).flatten();
      os << "[";
      for (int64_t i = 0; i < d.numel(); ++i) os << (i ? ", " : "") << d[i].item<double>();
      os << "]";
    } else {
      os << "tensor" << t.sizes();
    }
  } else if (v.isInt() || v.isDouble() || v.isBool() || v.isString() || v.isIntList() ||
             v.isDoubleList() || v.isList()) {
    os << v;
  } else {
    os << v.tagKind();
  }
  return os.str();
}

std::uint32_t le(const unsigned char* p, int n) {
  std::uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// Sizes of the tensor records ("<archive>/data/<key>") of a TorchScript zip
// archive, from its central directory; empty when it cannot be read here
// (e.g. zip64), in which case nothing is checked.
std::vector<std::uint64_t> tensor_record_sizes(std::istream& in) {
  std::vector<std::uint64_t> sizes;
  in.clear();
  in.seekg(0, std::ios::end);
  const std::int64_t size = in.tellg();
  const std::int64_t tail = std::min<std::int64_t>(size, 65535 + 22);
  if (tail < 22) return sizes;
  std::vector<unsigned char> buf(static_cast<std::size_t>(tail));
  in.seekg(size - tail);
  if (!in.read(reinterpret_cast<char*>(buf.data()), tail)) return sizes;
  std::int64_t eocd = -1;
  for (std::int64_t i = tail - 22; i >= 0; --i)
    if (le(&buf[std::size_t(i)], 4) == 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return sizes;
  const unsigned char* e = &buf[std::size_t(eocd)];
  const std::uint32_t entries = le(e + 10, 2), cd_size = le(e + 12, 4), cd_off = le(e + 16, 4);
  if (entries == 0xFFFF || cd_off == 0xFFFFFFFFu || std::int64_t(cd_off) + cd_size > size) return sizes;
  std::vector<unsigned char> cd(cd_size);
  in.seekg(cd_off);
  if (!in.read(reinterpret_cast<char*>(cd.data()), cd_size)) return {};
  std::size_t pos = 0;
  for (std::uint32_t k = 0; k < entries; ++k) {
    if (pos + 46 > cd.size() || le(&cd[pos], 4) != 0x02014b50) return {};
    const std::uint32_t usize = le(&cd[pos + 24], 4);
    const std::size_t name_len = le(&cd[pos + 28], 2), extra = le(&cd[pos + 30], 2), comment = le(&cd[pos + 32], 2);
    if (pos + 46 + name_len > cd.size()) return {};
    const std::string name(reinterpret_cast<const char*>(&cd[pos + 46]), name_len);
    const auto slash = name.find("/data/");
    if (usize == 0xFFFFFFFFu) return {};
    if (slash != std::string::npos && name.find('.', slash) == std::string::npos) sizes.push_back(usize);
    pos += 46 + name_len + extra + comment;
  }
  return sizes;
}

// Torch's global generator, for models whose draws could not be redirected.
std::mutex& global_rng_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

LatentModel LatentModel::load(const std::string& spec) {
  if (is_builtin_name(spec)) {
    std::istringstream in(builtin_model_bytes(spec));
    return load_stream(in, spec);
  }
  // A file is read by torch straight from disk (a RAVE model is 100+ MB;
  // no copy is kept) and hashed separately; the rest is the same code.
  if (spec == "-") return load_stream(std::cin, display_name(spec));  // read whole: torch needs to seek
  std::error_code ec;
  if (std::filesystem::is_directory(spec, ec)) fail_input(spec, "is a directory, expected a model file");
  std::ifstream in(spec, std::ios::binary);
  if (!in) fail_input(spec, "cannot open the model file");
  LatentModel m;
  m.name_ = spec;
  m.sha256_ = sha256_file(spec);
  m.open(in);
  return m;
}

LatentModel LatentModel::load_stream(std::istream& in, const std::string& name) {
  LatentModel m;
  m.name_ = name;
  {
    std::ostringstream buf;
    buf << in.rdbuf();
    m.bytes_ = buf.str();
  }
  m.sha256_ = sha256_hex(m.bytes_);
  std::istringstream src(m.bytes_);
  m.open(src);
  return m;
}

void LatentModel::open(std::istream& src) {
  LatentModel& m = *this;
  const std::string& name = name_;
  src.seekg(0, std::ios::end);
  if (src.tellg() <= 0) fail_input(name, "the model file is empty");
  src.seekg(0, std::ios::beg);
  try {
    m.module_ = std::make_shared<torch::jit::Module>(torch::jit::load(src, torch::kCPU));
  } catch (const std::exception& e) {
    fail_input(name, "not a TorchScript model (torch.jit.load failed: " + first_line(e.what()) + ")");
  }
  check_tensor_records(tensor_record_sizes(src));
  auto& mod = *m.module_;
  mod.eval();

  // Sample rate: int attribute `sr` (RAVE v2) or buffer `sampling_rate` (v1).
  if (mod.hasattr("sr") && mod.attr("sr").isInt()) {
    m.sample_rate_ = int(mod.attr("sr").toInt());
    m.sample_rate_source_ = "sr";
  } else if (mod.hasattr("sampling_rate") && mod.attr("sampling_rate").isTensor() &&
             mod.attr("sampling_rate").toTensor().numel() == 1) {
    m.sample_rate_ = int(mod.attr("sampling_rate").toTensor().to(torch::kDouble).item<double>());
    m.sample_rate_source_ = "sampling_rate";
  } else {
    fail_input(name, "no sample rate: neither an int attribute 'sr' (RAVE v2) nor a buffer "
                     "'sampling_rate' (RAVE v1)");
  }
  if (m.sample_rate_ < 1000 || m.sample_rate_ > 768000)
    fail_input(name, "implausible sample rate " + std::to_string(m.sample_rate_));

  // Methods: get_methods() when present, else every m with an m_params buffer.
  std::vector<std::string> listed;
  if (mod.find_method("get_methods")) {
    try {
      c10::InferenceMode guard;
      auto out = mod.get_method("get_methods")(std::vector<c10::IValue>{});
      for (const auto& v : out.toListRef()) listed.push_back(v.toStringRef());
    } catch (const std::exception& e) {
      fail_input(name, "get_methods() did not return a list of names: " + first_line(e.what()));
    }
  } else {
    for (const auto& b : mod.named_buffers(/*recurse=*/false)) {
      const std::string suffix = "_params";
      if (b.name.size() > suffix.size() &&
          b.name.compare(b.name.size() - suffix.size(), suffix.size(), suffix) == 0)
        listed.push_back(b.name.substr(0, b.name.size() - suffix.size()));
    }
  }
  for (const auto& meth : listed) {
    const std::string pname = meth + "_params";
    if (!mod.hasattr(pname) || !mod.attr(pname).isTensor()) continue;  // not callable by nn~
    if (!mod.find_method(meth))
      fail_input(name, "'" + pname + "' is present but the model has no method '" + meth + "'");
    auto t = mod.attr(pname).toTensor();
    if (t.numel() != 4)
      fail_input(name, "inconsistent params: '" + pname + "' has " + std::to_string(t.numel()) +
                           " values, expected 4 [in_channels, in_ratio, out_channels, out_ratio]");
    auto d = t.to(torch::kDouble).flatten();
    int v[4];
    for (int i = 0; i < 4; ++i) {
      double x = d[i].item<double>();
      if (!(x >= 1 && x <= 1e7) || x != double(int64_t(x)))
        fail_input(name, "inconsistent params: '" + pname + "' holds " + ivalue_text(t) +
                             "; every value must be a positive integer");
      v[i] = int(x);
    }
    m.params_[meth] = MethodParams{v[0], v[1], v[2], v[3]};
    m.methods_.push_back(meth);
  }
  if (!m.params_.count("decode"))
    fail_input(name, "the model has no 'decode' method with a 'decode_params' buffer");
  const auto& dec = m.params_["decode"];
  if (dec.out_ratio != 1)
    fail_input(name, "inconsistent params: decode_params out_ratio is " + std::to_string(dec.out_ratio) +
                         ", expected 1 (decode outputs audio)");
  if (m.params_.count("encode")) {
    const auto& enc = m.params_["encode"];
    if (enc.in_ratio != 1 || enc.out_ratio != dec.in_ratio || enc.out_channels != dec.in_channels)
      fail_input(name, "inconsistent params: encode_params [" + std::to_string(enc.in_channels) + ", " +
                           std::to_string(enc.in_ratio) + ", " + std::to_string(enc.out_channels) + ", " +
                           std::to_string(enc.out_ratio) + "] do not match decode_params [" +
                           std::to_string(dec.in_channels) + ", " + std::to_string(dec.in_ratio) + ", " +
                           std::to_string(dec.out_channels) + ", 1]");
  }

  for (const auto& a : mod.named_attributes(/*recurse=*/false)) {
    if (a.value.isModule() || a.value.isNone() || a.name == "training" || a.name.rfind("_", 0) == 0) continue;
    if (a.name.size() > 7 && a.name.compare(a.name.size() - 7, 7, "_params") == 0) continue;
    if (a.value.isTensor() && a.value.toTensor().numel() > 8) continue;  // weights
    m.attributes_[a.name] = ivalue_text(a.value);
  }
  // Buffers as loaded, so a model that changes them in decode (a streaming
  // export's caches) can be put back.
  for (const auto& b : mod.named_buffers(/*recurse=*/true))
    if (b.value.defined()) state_.emplace_back(b.value, b.value.clone());
  // A short probe, so a decoder whose output disagrees with its params is
  // refused before anything is written.
  auto probe = torch::zeros({1, dec.in_channels, 4}, torch::kFloat);
  m.call("decode", probe);
  detect_streaming();
}

void LatentModel::check_tensor_records(const std::vector<std::uint64_t>& record_sizes) const {
  // torch.jit.load sizes each storage from the archive's pickle and reads
  // its record into it without comparing their lengths: a cut record then
  // reads past its end (garbage, or a crash). Every storage must have a
  // record of exactly its size (matched as multisets: the pickle's keys are
  // not visible here), and every tensor must fit in its storage.
  if (!record_sizes.empty()) {
    std::map<std::uint64_t, int> records;
    for (auto n : record_sizes) ++records[n];
    std::map<const void*, std::pair<std::uint64_t, std::string>> storages;
    for (const auto& a : module_->named_attributes(/*recurse=*/true))
      if (a.value.isTensor() && a.value.toTensor().defined() && a.value.toTensor().has_storage() &&
          a.value.toTensor().storage().nbytes() > 0)
        storages.emplace(a.value.toTensor().storage().data(),
                         std::pair{std::uint64_t(a.value.toTensor().storage().nbytes()), a.name});
    for (const auto& [ptr, s] : storages)
      if (--records[s.first] < 0)
        fail_input(name_, "truncated or corrupt model file: tensor '" + s.second + "' needs " +
                              std::to_string(s.first) + " bytes but no record in the archive has that size");
  }
  for (const auto& a : module_->named_attributes(/*recurse=*/true)) {
    if (!a.value.isTensor()) continue;
    const auto& t = a.value.toTensor();
    if (!t.defined() || t.numel() == 0 || !t.has_storage()) continue;
    std::int64_t last = t.storage_offset();
    for (std::int64_t d = 0; d < t.dim(); ++d) {
      if (t.stride(d) < 0) fail_input(name_, "corrupt model file: tensor '" + a.name + "' has a negative stride");
      last += (t.size(d) - 1) * t.stride(d);
    }
    const auto need = std::uint64_t(last + 1) * std::uint64_t(t.element_size());
    const auto have = std::uint64_t(t.storage().nbytes());
    if (have < need)
      fail_input(name_, "truncated or corrupt model file: tensor '" + a.name + "' needs " + std::to_string(need) +
                            " bytes but its record holds " + std::to_string(have));
  }
}

void LatentModel::restore_buffers() {
  torch::NoGradGuard no_grad;
  for (auto& [t, copy] : state_) t.copy_(copy);
}

void LatentModel::reset_state() {
  if (streaming_) restore_buffers();
}

void LatentModel::detect_streaming() {
  for (const auto& sub : module_->named_modules()) {
    const auto& s = sub.value;
    if (s.hasattr("pad") && s.attr("pad").isTensor() && s.hasattr("padding") && s.attr("padding").isInt())
      ++cached_paddings_;
  }
  seeded_decode_ = make_seeded_method(*module_, "decode");
  // The same input and seed twice: a stateless decoder gives the same bits.
  const auto& dec = params("decode");
  auto z = torch::empty({1, dec.in_channels, 8}, torch::kFloat);
  auto* zp = z.data_ptr<float>();
  for (std::int64_t i = 0; i < z.numel(); ++i) zp[i] = float(std::sin(0.7 * double(i)));
  restore_buffers();
  auto a = decode_seeded(z, 1);
  auto b = decode_seeded(z, 1);
  streaming_ = !torch::equal(a, b);
  // Keep copies only of the buffers decode changed (the state).
  std::vector<std::pair<torch::Tensor, torch::Tensor>> changed;
  for (auto& [t, copy] : state_)
    if (!torch::equal(t, copy)) changed.emplace_back(t, copy);
  restore_buffers();
  state_ = std::move(changed);
  if (streaming_) {
    measure_delay();
    decode_note_ = "stateful decode (streaming export): decoded in order, one block at a time";
  } else if (!seeded_decode_.fn) {
    decode_note_ = "random draws not redirectable (" + seeded_decode_.unsupported +
                   "): blocks decoded one at a time on torch's generator";
  } else {
    decode_note_ = "blocks decoded in parallel, " + std::to_string(seeded_decode_.random_ops) +
                   " random op(s) in its graph seeded per block";
  }
}

void LatentModel::measure_delay() {
  // An impulse of 1 on every latent dimension at frame k0 of zeros, against
  // zeros alone, same seed and start state: the difference is the model's
  // response to the impulse. A non-streaming decoder centres it on the
  // frame; a cached-convolution export, made causal, delays it by its
  // internal delay. The energy centroid of the difference minus the frame's
  // centre measures that delay (exact for a symmetric response).
  const auto& dec = params("decode");
  const std::int64_t r = dec.in_ratio, frames = 32, k0 = 8;
  auto zero = torch::zeros({1, dec.in_channels, frames}, torch::kFloat);
  auto imp = zero.clone();
  imp.select(2, k0).fill_(1.0f);
  restore_buffers();
  auto ya = decode_seeded(zero, 1);
  restore_buffers();
  auto yb = decode_seeded(imp, 1);
  restore_buffers();
  auto d = (yb - ya).to(torch::kDouble).pow(2).sum(1).flatten();  // energy per sample
  const double e = d.sum().item<double>();
  if (!(e > 0) || !std::isfinite(e)) return;  // the impulse changes nothing: no delay to see
  auto t = torch::arange(d.numel(), torch::kDouble);
  const double centroid = (t * d).sum().item<double>() / e;
  const double centre = double(k0 * r) + double(r - 1) / 2;
  delay_ = std::max<std::int64_t>(0, std::llround(centroid - centre));
}

const MethodParams& LatentModel::params(const std::string& method) const {
  auto it = params_.find(method);
  if (it == params_.end())
    fail_input(name_, "the model has no '" + method + "' method (it has: " + [&] {
      std::string s;
      for (const auto& m : methods_) s += (s.empty() ? "" : ", ") + m;
      return s;
    }() + ")");
  return it->second;
}

torch::Tensor LatentModel::call(const std::string& method, const torch::Tensor& x) {
  const auto& p = params(method);
  if (x.dim() != 3 || x.size(1) != p.in_channels)
    fail_internal(name_ + ": " + method + " called with a tensor of the wrong shape");
  c10::IValue out;
  try {
    c10::InferenceMode guard;
    out = module_->get_method(method)({x});
  } catch (const std::exception& e) {
    fail_input(name_, method + "() failed: " + first_line(e.what()));
  }
  return checked_output(method, x, out);
}

torch::Tensor LatentModel::decode_seeded(const torch::Tensor& z, std::uint64_t seed) {
  const auto& p = params("decode");
  if (z.dim() != 3 || z.size(1) != p.in_channels) fail_internal(name_ + ": decode called with a tensor of the wrong shape");
  c10::IValue out;
  try {
    c10::InferenceMode guard;
    if (seeded_decode_.fn) {
      out = run_seeded(seeded_decode_, *module_, z, seed);
    } else {
      std::lock_guard<std::mutex> lock(global_rng_mutex());
      torch::manual_seed(seed);
      out = module_->get_method("decode")({z});
    }
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    fail_input(name_, "decode() failed: " + first_line(e.what()));
  }
  return checked_output("decode", z, out);
}

torch::Tensor LatentModel::checked_output(const std::string& method, const torch::Tensor& x,
                                          const c10::IValue& out) const {
  const auto& p = params(method);
  if (!out.isTensor()) fail_input(name_, method + "() did not return a tensor");
  auto y = out.toTensor();
  const int64_t in_samples = x.size(2) * p.in_ratio;
  const int64_t want = in_samples / p.out_ratio;
  if (y.dim() != 3 || y.size(0) != x.size(0) || y.size(1) != p.out_channels || y.size(2) != want) {
    std::ostringstream os;
    os << method << "() returned shape " << y.sizes() << " for input " << x.sizes()
       << ", but " << method << "_params promise [" << x.size(0) << ", " << p.out_channels << ", "
       << want << "]";
    fail_input(name_, os.str());
  }
  if (y.scalar_type() != torch::kFloat) y = y.to(torch::kFloat);
  return y.contiguous();
}

}  // namespace lw::model
