#pragma once

#include <torch/torch.h>

// Ported to libtorch 1.4: BatchNorm2d, which also counts the batches it
// has seen (a buffer the old layer did not have).
struct FeaturesImpl : torch::nn::Module {
  explicit FeaturesImpl(int64_t channels)
      : conv(torch::nn::Conv2dOptions(3, channels, 3).bias(false)),
        norm(torch::nn::BatchNorm2dOptions(channels).track_running_stats(true)) {
    register_module("conv", conv);
    register_module("norm", norm);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d norm;
};
TORCH_MODULE(Features);
