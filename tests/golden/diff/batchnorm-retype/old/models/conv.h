#pragma once

#include <torch/torch.h>

namespace ns {

struct ConvBlockImpl : torch::nn::Module {
  ConvBlockImpl(int64_t in_ch, int64_t out_ch) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_ch, out_ch, 3)));
    norm = register_module("norm", torch::nn::BatchNorm1d(out_ch));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm1d norm{nullptr};
};
TORCH_MODULE(ConvBlock);

} // namespace ns
