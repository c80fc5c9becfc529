#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

namespace det {

// One pass over the levels; the output blocks are now called fpn_layersK.
struct PyramidImpl : torch::nn::Module {
  PyramidImpl(const std::vector<int64_t> &in_channels, int64_t out) {
    for (size_t i = 0; i < in_channels.size(); ++i) {
      inner.push_back(register_module("fpn_inner" + std::to_string(i + 1),
                                      torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels[i], out, 1))));
      layer.push_back(register_module("fpn_layers" + std::to_string(i + 1),
                                      torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1))));
    }
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  std::vector<torch::nn::Conv2d> inner, layer;
};
TORCH_MODULE(Pyramid);

} // namespace det
