// The Sequential is now filled with push_back in a loop-free builder: the
// same children in the same order, so the same keys.
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
    torch::nn::Sequential layers;
    layers->push_back(ResBlock(ch));
    layers->push_back(ResBlock(ch));
    layers->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, 3, 3).padding(1)));
    body = register_module("body", layers);
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Sequential body{nullptr};
};
TORCH_MODULE(Decoder);

} // namespace dec
