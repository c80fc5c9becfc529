#pragma once

#include <torch/torch.h>

namespace ns {

// Two stages of two blocks each, built with literal counts.
struct BackboneImpl : torch::nn::Module {
  explicit BackboneImpl(int64_t width) {
    for (int s = 0; s < 2; ++s) {
      torch::nn::ModuleList blocks;
      for (int b = 0; b < 2; ++b)
        blocks->push_back(torch::nn::Linear(width, width));
      stages->push_back(blocks);
    }
    register_module("stages", stages);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::ModuleList stages;
};
TORCH_MODULE(Backbone);

} // namespace ns
