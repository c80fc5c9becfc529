// A decoder head: residual blocks in a Sequential, then the output conv.
#pragma once

#include <torch/torch.h>

namespace dec {

struct ResBlockImpl : torch::nn::Module {
  explicit ResBlockImpl(int64_t ch) {
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
    conv2 = register_module("conv2", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr};
};
TORCH_MODULE(ResBlock);

struct DecoderImpl : torch::nn::Module {
  explicit DecoderImpl(int64_t ch) {
    body = register_module("body", torch::nn::Sequential(ResBlock(ch), ResBlock(ch),
                                                         torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, 3, 3).padding(1))));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Decoder);

} // namespace dec
