#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

namespace det {

// Four pyramid levels, registered one by one.
struct PyramidImpl : torch::nn::Module {
  PyramidImpl(const std::vector<int64_t> &in_channels, int64_t out) {
    inner1 = register_module("fpn_inner1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels[0], out, 1)));
    layer1 = register_module("fpn_layer1", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1)));
    inner2 = register_module("fpn_inner2", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels[1], out, 1)));
    layer2 = register_module("fpn_layer2", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1)));
    inner3 = register_module("fpn_inner3", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels[2], out, 1)));
    layer3 = register_module("fpn_layer3", torch::nn::Conv2d(torch::nn::Conv2dOptions(out, out, 3).padding(1)));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d inner1{nullptr}, inner2{nullptr}, inner3{nullptr};
  torch::nn::Conv2d layer1{nullptr}, layer2{nullptr}, layer3{nullptr};
};
TORCH_MODULE(Pyramid);

} // namespace det
