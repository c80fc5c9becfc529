// Layers that change only forward(): both now take a Conv2d's options whole,
// the second turning its bias off where it builds the layer.
#pragma once

#include <torch/torch.h>

namespace nets {

struct PaddedConvImpl : torch::nn::Conv2dImpl {
  explicit PaddedConvImpl(const torch::nn::Conv2dOptions &options) : Conv2dImpl(options) {}
  torch::Tensor forward(const torch::Tensor &x) { return x; }
};
TORCH_MODULE(PaddedConv);

struct ConvUnitImpl : torch::nn::Module {
  explicit ConvUnitImpl(torch::nn::Conv2dOptions opts) {
    conv = register_module("conv", torch::nn::Conv2d(opts.bias(false)));
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
    wide = register_module("wide", PaddedConv(torch::nn::Conv2dOptions(width, 2 * width, 3)));
    unit = register_module("unit", ConvUnit(torch::nn::Conv2dOptions(2 * width, 4 * width, 1)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  PaddedConv entry{nullptr}, wide{nullptr};
  ConvUnit unit{nullptr};
};
TORCH_MODULE(Stem);

} // namespace nets
