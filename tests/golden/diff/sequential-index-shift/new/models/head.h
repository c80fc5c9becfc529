#pragma once

#include <torch/torch.h>

namespace ns {

struct HeadImpl : torch::nn::Module {
  HeadImpl(int64_t dim, int64_t hidden, int64_t classes) {
    mlp = register_module("mlp", torch::nn::Sequential(torch::nn::Linear(dim, hidden),
                                                       torch::nn::ReLU(),
                                                       torch::nn::Linear(hidden, classes)));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Sequential mlp{nullptr};
};
TORCH_MODULE(Head);

} // namespace ns
