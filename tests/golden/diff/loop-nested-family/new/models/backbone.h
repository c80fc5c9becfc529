#pragma once

#include <torch/torch.h>

namespace ns {

// One stage: a list of depth blocks.
struct StageImpl : torch::nn::Module {
  StageImpl(int64_t width, int64_t depth) : depth_(depth) {
    for (int64_t b = 0; b < depth_; ++b)
      blocks->push_back(torch::nn::Linear(width, width));
    register_module("blocks", blocks);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  int64_t depth_;
  torch::nn::ModuleList blocks;
};
TORCH_MODULE(Stage);

// num_stages stages of depth blocks; the defaults build the same network.
struct BackboneImpl : torch::nn::Module {
  explicit BackboneImpl(int64_t width, int64_t num_stages = 2, int64_t depth = 2)
      : num_stages_(num_stages) {
    for (int64_t s = 0; s < num_stages_; ++s)
      stages->push_back(Stage(width, depth));
    register_module("stages", stages);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  int64_t num_stages_;
  torch::nn::ModuleList stages;
};
TORCH_MODULE(Backbone);

} // namespace ns
