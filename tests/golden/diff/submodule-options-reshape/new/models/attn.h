// As submodule-options-move, but the block gives the attention twice its
// channels: the moved keys are reshaped, and the diff must say so.
#pragma once

#include <torch/torch.h>

struct AttentionOptions {
  /* implicit */ AttentionOptions(int64_t dim) : dim_(dim) {}
  TORCH_ARG(int64_t, dim);
  TORCH_ARG(bool, include_fc) = true;
};

struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(const AttentionOptions &options_) : options(options_) {
    const int64_t dim = options.dim();
    to_q = register_module("to_q", torch::nn::Linear(dim, dim));
    if (options.include_fc())
      out_proj = register_module("out_proj", torch::nn::Linear(dim, dim));
  }

  AttentionOptions options;
  torch::nn::Linear to_q{nullptr};
  torch::nn::Linear out_proj{nullptr};
};
TORCH_MODULE(Attention);

struct AttnBlockOptions {
  /* implicit */ AttnBlockOptions(int64_t channels) : channels_(channels) {}
  TORCH_ARG(int64_t, channels);
};

struct AttnBlockImpl : torch::nn::Module {
  explicit AttnBlockImpl(const AttnBlockOptions &options_) : options(options_) {
    norm = register_module("norm", torch::nn::GroupNorm(4, options.channels()));
    attn = register_module(
        "attn", Attention(AttentionOptions(2 * options.channels()).include_fc(true)));
  }

  AttnBlockOptions options;
  torch::nn::GroupNorm norm{nullptr};
  Attention attn{nullptr};
};
TORCH_MODULE(AttnBlock);
