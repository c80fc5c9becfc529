//===- EngineTestModels.h - Old and new model code for the engine tests -*- C++ -*-===//
//
// Two versions of the same small model, written as model code is (libtorch
// style): v1 is the code the checkpoints were saved with, v2 the refactor.
// tests/support/python/engine_load_reference.py mirrors them in Python for the
// load_state_dict reference.
//
//   v1::AttnBlock  to_q, to_k, to_v, proj_attn (Linear C->C)
//   v2::AttnBlock  attn (v2::Attention: to_q, to_k, to_v, out_proj)
//   v1::UpBlock    conv (ConvTranspose2d)
//   v2::UpBlock    conv, buffer outpad (int64 [2], default {1, 1}) (Flux)
//   vN::Encoder    embed (Linear), blocks (ModuleList of AttnBlock),
//                  norm (BatchNorm1d), head (Sequential: AttnBlock, Linear)
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TESTS_RUNTIME_ENGINETESTMODELS_H
#define MODELCOMPAT_TESTS_RUNTIME_ENGINETESTMODELS_H

#include "modelcompat/runtime/Ledger.h"
#include "modelcompat/runtime/StateDict.h"

#include <torch/torch.h>

#include <cmath>

namespace enginetest {

/// Single-head self-attention over [batch, tokens, channels] with a residual.
inline torch::Tensor attend(const torch::Tensor &X, torch::nn::Linear &Q, torch::nn::Linear &K,
                            torch::nn::Linear &V, torch::nn::Linear &Out) {
  auto Scores =
      torch::matmul(Q(X), K(X).transpose(1, 2)) / std::sqrt(static_cast<double>(X.size(-1)));
  return X + Out(torch::matmul(Scores.softmax(-1), V(X)));
}

struct BlockOptions {
  BlockOptions(int64_t Channels) : channels_(Channels) {}
  TORCH_ARG(int64_t, channels);
};

namespace v1 {

class AttnBlockImpl : public torch::nn::Module {
public:
  explicit AttnBlockImpl(BlockOptions Options) : options(Options) { reset(); }
  void reset() {
    const int64_t C = options.channels();
    to_q = register_module("to_q", torch::nn::Linear(C, C));
    to_k = register_module("to_k", torch::nn::Linear(C, C));
    to_v = register_module("to_v", torch::nn::Linear(C, C));
    proj_attn = register_module("proj_attn", torch::nn::Linear(C, C));
  }
  torch::Tensor forward(torch::Tensor X) { return attend(X, to_q, to_k, to_v, proj_attn); }
  BlockOptions options;
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, proj_attn{nullptr};
};
TORCH_MODULE(AttnBlock);

class UpBlockImpl : public torch::nn::Module {
public:
  explicit UpBlockImpl(BlockOptions Options) : options(Options) { reset(); }
  void reset() {
    conv = register_module("conv", torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(
                                       options.channels(), options.channels(), 3)));
  }
  torch::Tensor forward(torch::Tensor X) { return conv(X); }
  BlockOptions options;
  torch::nn::ConvTranspose2d conv{nullptr};
};
TORCH_MODULE(UpBlock);

} // namespace v1

namespace v2 {

class AttentionImpl : public torch::nn::Module {
public:
  explicit AttentionImpl(BlockOptions Options) : options(Options) { reset(); }
  void reset() {
    const int64_t C = options.channels();
    to_q = register_module("to_q", torch::nn::Linear(C, C));
    to_k = register_module("to_k", torch::nn::Linear(C, C));
    to_v = register_module("to_v", torch::nn::Linear(C, C));
    out_proj = register_module("out_proj", torch::nn::Linear(C, C));
  }
  torch::Tensor forward(torch::Tensor X) { return attend(X, to_q, to_k, to_v, out_proj); }
  BlockOptions options;
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(Attention);

class AttnBlockImpl : public torch::nn::Module {
public:
  explicit AttnBlockImpl(BlockOptions Options) : options(Options) { reset(); }
  void reset() { attn = register_module("attn", Attention(options)); }
  torch::Tensor forward(torch::Tensor X) { return attn(X); }
  BlockOptions options;
  Attention attn{nullptr};
};
TORCH_MODULE(AttnBlock);

class UpBlockImpl : public torch::nn::Module {
public:
  explicit UpBlockImpl(BlockOptions Options) : options(Options) { reset(); }
  void reset() {
    conv = register_module("conv", torch::nn::ConvTranspose2d(torch::nn::ConvTranspose2dOptions(
                                       options.channels(), options.channels(), 3)));
    outpad = register_buffer("outpad", torch::tensor({1, 1}, torch::kLong));
  }
  torch::Tensor forward(torch::Tensor X) {
    auto Y = conv(X);
    return torch::constant_pad_nd(Y, {0, outpad[1].item<int64_t>(), 0, outpad[0].item<int64_t>()});
  }
  BlockOptions options;
  torch::nn::ConvTranspose2d conv{nullptr};
  torch::Tensor outpad;
};
TORCH_MODULE(UpBlock);

} // namespace v2

/// The encoder around either version of the attention block.
template <typename Block> class EncoderImplT : public torch::nn::Module {
public:
  EncoderImplT(int64_t Channels, int64_t Blocks) {
    embed = register_module("embed", torch::nn::Linear(Channels, Channels));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t I = 0; I < Blocks; ++I)
      blocks->push_back(Block(Channels));
    norm = register_module("norm", torch::nn::BatchNorm1d(Channels));
    head = register_module(
        "head", torch::nn::Sequential(Block(Channels), torch::nn::Linear(Channels, Channels)));
  }
  torch::Tensor forward(torch::Tensor X) {
    X = embed(X);
    for (const auto &Child : *blocks)
      X = Child->template as<typename Block::ContainedType>()->forward(X);
    X = norm(X.transpose(1, 2)).transpose(1, 2);
    return head->forward(X);
  }
  torch::nn::Linear embed{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  torch::nn::BatchNorm1d norm{nullptr};
  torch::nn::Sequential head{nullptr};
};

namespace v1 {
class EncoderImpl : public EncoderImplT<AttnBlock> {
public:
  using EncoderImplT::EncoderImplT;
};
TORCH_MODULE(Encoder);
} // namespace v1

namespace v2 {
class EncoderImpl : public EncoderImplT<AttnBlock> {
public:
  using EncoderImplT::EncoderImplT;
};
TORCH_MODULE(Encoder);
} // namespace v2

/// The state of Module as a StateDict (parameters, then buffers, per module
/// in pre-order, as Python orders state_dict()), every entry "untouched".
inline modelcompat::StateDict stateDictOf(const torch::nn::Module &Module) {
  modelcompat::StateDict Dict;
  for (auto &[Key, Value] : modelcompat::modelStateTensors(Module))
    Dict.set(Key, Value.detach().clone());
  return Dict;
}

/// Saves Model with torch::save to Path, loads it back into a fresh model
/// from Make with torch::load and returns that model's state: a real
/// checkpoint round trip.
template <typename Holder, typename Factory>
modelcompat::StateDict savedCheckpoint(Holder Model, const std::string &Path, Factory Make) {
  torch::save(Model, Path);
  Holder Loaded = Make();
  torch::load(Loaded, Path);
  return stateDictOf(*Loaded);
}

/// Whether A and B hold the same bytes (same dtype, shape and values).
inline bool bitIdentical(const torch::Tensor &A, const torch::Tensor &B) {
  return A.scalar_type() == B.scalar_type() && A.sizes() == B.sizes() && torch::equal(A, B);
}

/// Fills every parameter and buffer of Module with distinct seeded values,
/// so that a wrong copy cannot go unnoticed.
inline void randomise(torch::nn::Module &Module, uint64_t Seed) {
  torch::NoGradGuard NoGrad;
  auto Generator = at::detail::createCPUGenerator(Seed);
  for (auto &[Key, Value] : modelcompat::modelStateTensors(Module)) {
    if (Value.is_floating_point())
      Value.copy_(at::randn(Value.sizes(), Generator, Value.options()));
    else
      Value.copy_(at::randint(0, 5, Value.sizes(), Generator, Value.options()));
  }
}

} // namespace enginetest

#endif
