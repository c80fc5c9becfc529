#pragma once

#include <torch/torch.h>

namespace ns {

// The same layers in today's spelling: holders and positional arguments.
struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl(int64_t in_ch, int64_t classes) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_ch, 64, 3)));
    bn = register_module("bn", torch::nn::BatchNorm2d(64));
    fc = register_module("fc", torch::nn::Linear(torch::nn::LinearOptions(64, classes).bias(false)));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  torch::nn::Linear fc{nullptr};
};
TORCH_MODULE(Classifier);

} // namespace ns
