#pragma once

#include <torch/torch.h>

namespace vision {

struct StemImpl : torch::nn::Module {
  explicit StemImpl(int64_t ch) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, ch, 7).padding(3)));
    norm = register_module("norm", torch::nn::BatchNorm2d(ch));
  }

  torch::Tensor forward(torch::Tensor x) { return x * 1.0; }

  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
};
TORCH_MODULE(Stem);

} // namespace vision
