// A model method whose random draws come from a generator of the calling
// thread, so blocks can be decoded on several threads at once and each
// block's noise depends on its own seed only (not on which thread ran it or
// what ran before). RAVE's decode draws random values (the dimensions beyond
// latent_size, noise synthesis) from torch's one global generator; sharing it
// between threads would make the output depend on timing.
//
// How: the method's TorchScript graph is inlined and every random op that
// would draw from the global generator (randn, rand, randn_like, normal,
// bernoulli, ... — any op with a `generator` argument left None) is given
// the thread's generator instead. With the generator seeded to s, the draws
// are exactly those of `torch.manual_seed(s); m.decode(z)`.
#pragma once
#include <torch/script.h>

#include <cstdint>
#include <memory>
#include <string>

namespace torch::jit {
struct GraphFunction;
}

namespace lw::model {

struct SeededMethod {
  // Null when the graph could not be rewritten (see `unsupported`).
  std::shared_ptr<torch::jit::GraphFunction> fn;
  int random_ops = 0;       // draws redirected to the thread's generator
  std::string unsupported;  // why not: the first op that could not be redirected
};

// Rewrites a copy of `module`'s `method` (the module itself is untouched).
SeededMethod make_seeded_method(const torch::jit::Module& module, const std::string& method);

// Runs `fn` on (module, x); the random ops draw from a generator seeded
// with `seed`, private to this call.
c10::IValue run_seeded(const SeededMethod& m, const torch::jit::Module& module, const torch::Tensor& x,
                       std::uint64_t seed);

}  // namespace lw::model
