#pragma once

#include <torch/torch.h>

namespace ns {

struct BlockImpl : torch::nn::Module {
  BlockImpl(int64_t dim, bool pre_norm) {
    if (pre_norm) {
      norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
      proj = register_module("proj", torch::nn::Linear(dim, dim));
    } else {
      proj = register_module("proj", torch::nn::Linear(dim, dim));
      norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    }
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Linear proj{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Block);

} // namespace ns
