#pragma once

#include <vector>

#include <torch/torch.h>

#include "layers.h"

namespace det {

// Three pyramid levels, registered one by one; each block comes from a
// function of another file.
struct PyramidImpl : torch::nn::Module {
  PyramidImpl(const std::vector<int64_t> &in_channels, int64_t out, bool relu) {
    register_module("fpn_inner1", conv_with_init(relu, in_channels[0], out, 1));
    register_module("fpn_layer1", conv_with_init(relu, out, out, 3));
    register_module("fpn_inner2", conv_with_init(relu, in_channels[1], out, 1));
    register_module("fpn_layer2", conv_with_init(relu, out, out, 3));
    register_module("fpn_inner3", conv_with_init(relu, in_channels[2], out, 1));
    register_module("fpn_layer3", conv_with_init(relu, out, out, 3));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }
};
TORCH_MODULE(Pyramid);

} // namespace det
