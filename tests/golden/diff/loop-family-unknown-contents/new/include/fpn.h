#pragma once

#include <string>
#include <vector>

#include <torch/torch.h>

#include "layers.h"

namespace det {

// One pass over the levels; the output blocks are now called fpn_layersK.
struct PyramidImpl : torch::nn::Module {
  PyramidImpl(const std::vector<int64_t> &in_channels, int64_t out, bool relu) {
    for (size_t i = 0; i < in_channels.size(); ++i) {
      register_module("fpn_inner" + std::to_string(i + 1), conv_with_init(relu, in_channels[i], out, 1));
      register_module("fpn_layers" + std::to_string(i + 1), conv_with_init(relu, out, out, 3));
    }
  }

  torch::Tensor forward(torch::Tensor x) { return x; }
};
TORCH_MODULE(Pyramid);

} // namespace det
