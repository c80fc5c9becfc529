#pragma once

#include <torch/torch.h>

// libtorch 1.2's dimension-free BatchNorm; `stateful` kept running stats.
struct FeaturesImpl : torch::nn::Module {
  explicit FeaturesImpl(int64_t channels)
      : conv(torch::nn::Conv2dOptions(3, channels, 3).with_bias(false)),
        norm(torch::nn::BatchNormOptions(channels).stateful(true)) {
    register_module("conv", conv);
    register_module("norm", norm);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d conv;
  torch::nn::BatchNorm norm;
};
TORCH_MODULE(Features);
