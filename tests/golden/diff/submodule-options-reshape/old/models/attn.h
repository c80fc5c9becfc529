// An attention block in the libtorch style: options, a const local naming the
// channel count, the projections at the block's top level.
#pragma once

#include <torch/torch.h>

struct AttnBlockOptions {
  /* implicit */ AttnBlockOptions(int64_t channels) : channels_(channels) {}
  TORCH_ARG(int64_t, channels);
};

struct AttnBlockImpl : torch::nn::Module {
  explicit AttnBlockImpl(const AttnBlockOptions &options_) : options(options_) {
    const int64_t channels = options.channels();
    norm = register_module("norm", torch::nn::GroupNorm(4, channels));
    to_q = register_module("to_q", torch::nn::Linear(channels, channels));
    proj_attn = register_module("proj_attn", torch::nn::Linear(channels, channels));
  }

  AttnBlockOptions options;
  torch::nn::GroupNorm norm{nullptr};
  torch::nn::Linear to_q{nullptr};
  torch::nn::Linear proj_attn{nullptr};
};
TORCH_MODULE(AttnBlock);
