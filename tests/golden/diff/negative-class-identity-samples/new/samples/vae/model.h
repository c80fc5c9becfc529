// samples/vae: the VAE's own samples::DownsampleImpl (normalised, strided).
#pragma once

#include <torch/torch.h>

namespace samples {

struct DownsampleImpl : torch::nn::Module {
  explicit DownsampleImpl(int64_t ch) {
    norm = register_module("norm", torch::nn::GroupNorm(torch::nn::GroupNormOptions(8, ch)));
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, 2 * ch, 4).stride(2).padding(1)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::GroupNorm norm{nullptr};
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Downsample);

struct EncoderImpl : torch::nn::Module {
  explicit EncoderImpl(int64_t ch) {
    down = register_module("down", torch::nn::Sequential(Downsample(ch), Downsample(2 * ch)));
    mu = register_module("mu", torch::nn::Linear(4 * ch, 16));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Sequential down{nullptr};
  torch::nn::Linear mu{nullptr};
};
TORCH_MODULE(Encoder);

} // namespace samples
