#pragma once

#include <torch/torch.h>

namespace ns {

// Stage and block counts are members now.
struct BackboneImpl : torch::nn::Module {
  explicit BackboneImpl(int64_t width, int64_t num_stages = 2, int64_t depth = 2)
      : num_stages_(num_stages), depth_(depth) {
    for (int64_t s = 0; s < num_stages_; ++s) {
      torch::nn::ModuleList blocks;
      for (int64_t b = 0; b < depth_; ++b)
        blocks->push_back(torch::nn::Linear(width, width));
      stages->push_back(blocks);
    }
    register_module("stages", stages);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  int64_t num_stages_, depth_;
  torch::nn::ModuleList stages;
};
TORCH_MODULE(Backbone);

} // namespace ns
