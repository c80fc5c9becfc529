#pragma once

#include <torch/torch.h>

namespace ns {

// Lateral convolutions of a feature pyramid; level i has ch << i channels.
struct PyramidImpl : torch::nn::Module {
  explicit PyramidImpl(int64_t ch) {
    for (int i = 0; i < 3; ++i)
      lateral->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(ch * (i + 1), ch, 1)));
    register_module("lateral", lateral);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::ModuleList lateral;
};
TORCH_MODULE(Pyramid);

} // namespace ns
