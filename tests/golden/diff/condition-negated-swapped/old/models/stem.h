#pragma once

#include <torch/torch.h>

namespace ns {

struct StemImpl : torch::nn::Module {
  StemImpl(int64_t in_ch, int64_t out_ch, bool small, bool fused, bool deep) {
    if (small) {
      conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_ch, out_ch, 3).padding(1)));
    } else {
      conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_ch, out_ch, 7).stride(2).padding(3)));
      pool = register_module("pool", torch::nn::MaxPool2d(3));
    }
    if (!(fused && deep))
      norm = register_module("norm", torch::nn::BatchNorm2d(out_ch));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d conv{nullptr};
  torch::nn::MaxPool2d pool{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
};
TORCH_MODULE(Stem);

} // namespace ns
