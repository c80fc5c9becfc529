#pragma once

#include <vector>

#include <torch/torch.h>

namespace ns {

// Lateral convolutions of a feature pyramid; level i has widths[i] channels.
struct PyramidImpl : torch::nn::Module {
  PyramidImpl(int64_t ch, std::vector<int64_t> widths) {
    for (size_t i = 0; i < widths.size(); ++i)
      lateral->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(widths[i], ch, 1)));
    register_module("lateral", lateral);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::ModuleList lateral;
};
TORCH_MODULE(Pyramid);

} // namespace ns
