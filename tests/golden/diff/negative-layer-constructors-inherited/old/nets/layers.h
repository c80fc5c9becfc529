// Layers that change only forward(): the first takes Conv2d's constructors,
// the second takes a Conv2d's options whole and turns its bias off.
#pragma once

#include <torch/torch.h>

namespace nets {

struct PaddedConvImpl : torch::nn::Conv2dImpl {
  using Conv2dImpl::Conv2dImpl;
  torch::Tensor forward(const torch::Tensor &x) { return x; }
};
TORCH_MODULE(PaddedConv);

struct ConvUnitImpl : torch::nn::Module {
  explicit ConvUnitImpl(torch::nn::Conv2dOptions opts) {
    opts.bias(false);
    conv = register_module("conv", torch::nn::Conv2d(opts));
    bn = register_module("bn", torch::nn::BatchNorm2d(opts.out_channels()));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ConvUnit);

struct StemImpl : torch::nn::Module {
  explicit StemImpl(int64_t width) {
    entry = register_module("entry", PaddedConv(torch::nn::Conv2dOptions(3, width, 3).bias(false)));
    wide = register_module("wide", PaddedConv(width, 2 * width, 3));
    unit = register_module("unit", ConvUnit(torch::nn::Conv2dOptions(2 * width, 4 * width, 1)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  PaddedConv entry{nullptr}, wide{nullptr};
  ConvUnit unit{nullptr};
};
TORCH_MODULE(Stem);

} // namespace nets
