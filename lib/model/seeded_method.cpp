#include "model/seeded_method.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/csrc/jit/runtime/custom_operator.h>

#include <set>

namespace lw::model {
namespace {

using torch::jit::Block;
using torch::jit::Graph;
using torch::jit::Node;
using torch::jit::Value;

// The generator of the current run_seeded call on this thread.
thread_local at::Generator* tl_generator = nullptr;

// latentwalk::block_generator(like) -> the calling thread's generator. The
// tensor argument (the method's input) is only there so that no pass sees a
// call without inputs and evaluates it once at compile time; the op is
// marked as having side effects so it is never merged or moved.
const torch::jit::RegisterOperators kRegister({torch::jit::Operator(
    "latentwalk::block_generator(Tensor like) -> Generator",
    [](torch::jit::Stack& stack) {
      torch::jit::drop(stack, 1);
      stack.emplace_back(tl_generator ? *tl_generator : at::detail::getDefaultCPUGenerator());
    },
    c10::AliasAnalysisKind::CONSERVATIVE)});

const c10::Symbol kBlockGenerator = c10::Symbol::fromQualString("latentwalk::block_generator");

bool is_none(const Value* v) { return v->type()->kind() == c10::TypeKind::NoneType || v->mustBeNone(); }

struct Rewriter {
  Graph& graph;
  Value* like;  // the method's tensor input
  int rewritten = 0;
  std::string unsupported;

  Value* generator_before(Node* n) {
    torch::jit::WithInsertPoint guard(n);
    Node* g = graph.insertNode(graph.create(kBlockGenerator, {like}, 1));
    g->output()->setType(c10::GeneratorType::get());
    return g->output();
  }

  void note_unsupported(const Node* n, const std::string& why) {
    if (unsupported.empty()) unsupported = std::string(n->kind().toQualString()) + " " + why;
  }

  // randn(size, *, dtype, ...) -> randn.generator(size, *, generator, dtype, ...):
  // the generator overloads take it right after the positional arguments.
  bool switch_to_generator_overload(Node* n) {
    const auto* schema = n->maybeSchema();
    if (!schema) return false;
    std::size_t pos = 0;
    while (pos < schema->arguments().size() && !schema->arguments()[pos].kwarg_only()) ++pos;
    std::vector<Value*> in(n->inputs().begin(), n->inputs().end());
    in.insert(in.begin() + std::ptrdiff_t(pos), generator_before(n));
    torch::jit::WithInsertPoint guard(n);
    Node* m = graph.insertNode(graph.create(n->kind(), in, 1));
    m->output()->setType(n->output()->type());
    const auto* ms = m->maybeSchema();
    if (!ms || !ms->argumentIndexWithName("generator")) {
      m->destroy();
      return false;
    }
    n->output()->replaceAllUsesWith(m->output());
    n->destroy();
    return true;
  }

  // randn_like(x, ...) = empty_like(x, ...).normal_(0, 1) (ATen's own
  // definition), here with the generator; rand_like likewise with uniform_.
  void like_to_inplace(Node* n, const char* inplace) {
    torch::jit::WithInsertPoint guard(n);
    std::vector<Value*> in(n->inputs().begin(), n->inputs().end());
    Node* e = graph.insertNode(graph.create(c10::Symbol::fromQualString("aten::empty_like"), in, 1));
    e->output()->setType(n->output()->type());
    Value* zero = graph.insertConstant(0.0);
    Value* one = graph.insertConstant(1.0);
    Value* gen = generator_before(n);
    Node* d = graph.insertNode(graph.create(c10::Symbol::fromQualString(inplace), {e->output(), zero, one, gen}, 1));
    d->output()->setType(n->output()->type());
    if (!e->maybeSchema() || !d->maybeSchema()) {
      note_unsupported(n, "(no matching empty_like/" + std::string(inplace) + ")");
      return;
    }
    n->output()->replaceAllUsesWith(d->output());
    n->destroy();
  }

  void node(Node* n) {
    const auto kind = n->kind();
    if (kind == c10::prim::CallMethod || kind == c10::prim::CallFunction) {
      note_unsupported(n, "(a call that could not be inlined)");
      return;
    }
    if (!kind.is_aten()) return;
    const std::string name = kind.toUnqualString();
    const auto* schema = n->maybeSchema();
    if (schema) {
      if (auto gi = schema->argumentIndexWithName("generator")) {
        if (is_none(n->input(std::size_t(*gi)))) {
          n->replaceInput(std::size_t(*gi), generator_before(n));
          ++rewritten;
        }
        return;
      }
    }
    static const std::set<std::string> with_overload{"randn", "rand", "randint", "randperm"};
    if (with_overload.count(name)) {
      if (switch_to_generator_overload(n))
        ++rewritten;
      else
        note_unsupported(n, "(no generator overload)");
      return;
    }
    if (name == "randn_like" || name == "rand_like") {
      like_to_inplace(n, name == "randn_like" ? "aten::normal_" : "aten::uniform_");
      ++rewritten;
      return;
    }
    static const std::set<std::string> dropouts{"dropout",  "dropout_",  "feature_dropout", "alpha_dropout",
                                                "feature_alpha_dropout", "native_dropout"};
    if (dropouts.count(name) && n->inputs().size() >= 3) {
      auto train = torch::jit::toIValue(n->input(2));
      if (!train || !train->isBool() || train->toBool()) note_unsupported(n, "(dropout that may be training)");
      return;
    }
    if (name.find("rand") != std::string::npos || name.find("bernoulli") != std::string::npos ||
        name.find("multinomial") != std::string::npos || name.find("poisson") != std::string::npos)
      note_unsupported(n, "(a random op without a generator argument)");
  }

  void block(Block* b) {
    for (auto it = b->nodes().begin(); it != b->nodes().end();) {
      Node* n = *it;
      ++it;  // n may be destroyed
      for (Block* sub : n->blocks()) block(sub);
      node(n);
    }
  }
};

}  // namespace

SeededMethod make_seeded_method(const torch::jit::Module& module, const std::string& method) {
  SeededMethod out;
  try {
    auto graph = module.get_method(method).graph()->copy();
    torch::jit::Inline(*graph);
    if (graph->inputs().size() != 2) {
      out.unsupported = "the method does not take exactly one argument";
      return out;
    }
    Rewriter r{*graph, graph->inputs()[1], 0, {}};
    r.block(graph->block());
    if (!r.unsupported.empty()) {
      out.unsupported = r.unsupported;
      return out;
    }
    out.random_ops = r.rewritten;
    // The simple executor: one plan per argument types, the same for every
    // call and thread (the profiling one switches plans after its first runs).
    out.fn = std::make_shared<torch::jit::GraphFunction>("latentwalk_seeded_" + method, graph, nullptr,
                                                         torch::jit::ExecutorExecutionMode::SIMPLE);
  } catch (const std::exception& e) {
    std::string what = e.what();
    out.unsupported = "rewriting failed: " + what.substr(0, what.find('\n'));
    out.fn.reset();
  }
  return out;
}

c10::IValue run_seeded(const SeededMethod& m, const torch::jit::Module& module, const torch::Tensor& x,
                       std::uint64_t seed) {
  auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
  struct Scope {
    at::Generator* prev;
    explicit Scope(at::Generator* g) : prev(tl_generator) { tl_generator = g; }
    ~Scope() { tl_generator = prev; }
  } scope(&gen);
  torch::jit::Stack stack{module._ivalue(), x};
  m.fn->run(stack);
  return stack.back();
}

}  // namespace lw::model
