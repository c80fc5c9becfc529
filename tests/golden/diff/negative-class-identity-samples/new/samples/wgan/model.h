// samples/wgan: a new sample folder, with yet another samples::DownsampleImpl
// (spectral-norm style critics keep no batch statistics).
#pragma once

#include <torch/torch.h>

namespace samples {

struct DownsampleImpl : torch::nn::Module {
  explicit DownsampleImpl(int64_t ch) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, 2 * ch, 4).stride(2).padding(1)));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({2 * ch})));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(Downsample);

struct CriticImpl : torch::nn::Module {
  explicit CriticImpl(int64_t ch) {
    down = register_module("down", torch::nn::Sequential(Downsample(ch), Downsample(2 * ch)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Sequential down{nullptr};
};
TORCH_MODULE(Critic);

} // namespace samples
