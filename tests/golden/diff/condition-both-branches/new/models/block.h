#pragma once

#include <torch/torch.h>

namespace ns {

// pre_norm only changes forward(): both layers always exist.
struct BlockImpl : torch::nn::Module {
  BlockImpl(int64_t dim, bool pre_norm) : pre_norm_(pre_norm) {
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    proj = register_module("proj", torch::nn::Linear(dim, dim));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  bool pre_norm_;
  torch::nn::Linear proj{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Block);

} // namespace ns
