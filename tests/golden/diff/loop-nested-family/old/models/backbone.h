#pragma once

#include <torch/torch.h>

namespace ns {

// One stage: a list of blocks, two of them.
struct StageImpl : torch::nn::Module {
  explicit StageImpl(int64_t width) {
    for (int b = 0; b < 2; ++b)
      blocks->push_back(torch::nn::Linear(width, width));
    register_module("blocks", blocks);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::ModuleList blocks;
};
TORCH_MODULE(Stage);

// Two stages, built with a literal count.
struct BackboneImpl : torch::nn::Module {
  explicit BackboneImpl(int64_t width) {
    for (int s = 0; s < 2; ++s)
      stages->push_back(Stage(width));
    register_module("stages", stages);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::ModuleList stages;
};
TORCH_MODULE(Backbone);

} // namespace ns
