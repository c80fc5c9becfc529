// The two blocks exchange names (ConvBlock <-> ResBlock); no layout changed.
#pragma once

#include <torch/torch.h>

namespace net {

struct ResBlockImpl : torch::nn::Module {
  ResBlockImpl(int64_t in, int64_t out) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(out));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ResBlock);

struct ConvBlockImpl : torch::nn::Module {
  explicit ConvBlockImpl(int64_t ch) {
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
};
TORCH_MODULE(ConvBlock);

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t ch) {
    stem = register_module("stem", ResBlock(3, ch));
    res = register_module("res", ConvBlock(ch));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  ResBlock stem{nullptr};
  ConvBlock res{nullptr};
};
TORCH_MODULE(Net);

} // namespace net
