#pragma once

#include <memory>

#include <torch/torch.h>

namespace ns {

// Written against an older libtorch style: Impl pointers and explicit
// options objects everywhere.
struct ClassifierImpl : torch::nn::Module {
  ClassifierImpl(int64_t in_ch, int64_t classes) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in_ch, 64, {3, 3}).stride({1, 1})));
    bn = register_module("bn", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(64)));
    fc = register_module("fc", std::make_shared<torch::nn::LinearImpl>(torch::nn::LinearOptions(64, classes).bias(false)));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
  std::shared_ptr<torch::nn::LinearImpl> fc;
};
TORCH_MODULE(Classifier);

} // namespace ns
