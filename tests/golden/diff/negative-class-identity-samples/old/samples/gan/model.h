// samples/gan: the discriminator's own samples::DownsampleImpl.
#pragma once

#include <torch/torch.h>

namespace samples {

struct DownsampleImpl : torch::nn::Module {
  explicit DownsampleImpl(int64_t ch) {
    conv = register_module(
        "conv", torch::nn::Conv2d(
                    torch::nn::Conv2dOptions(ch, ch, 4).stride(2).padding(1).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(ch));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(Downsample);

struct DiscriminatorImpl : torch::nn::Module {
  explicit DiscriminatorImpl(int64_t ch) {
    down = register_module("down", torch::nn::Sequential(Downsample(ch), Downsample(ch)));
    score = register_module("score", torch::nn::Linear(ch, 1));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Sequential down{nullptr};
  torch::nn::Linear score{nullptr};
};
TORCH_MODULE(Discriminator);

} // namespace samples
