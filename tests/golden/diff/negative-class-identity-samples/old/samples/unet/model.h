// samples/unet: each sample folder of this repository is its own program and
// defines its own samples::DownsampleImpl; only the one in this folder is
// the UNet's.
#pragma once

#include <torch/torch.h>

namespace samples {

struct DownsampleImpl : torch::nn::Module {
  explicit DownsampleImpl(int64_t ch) {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).stride(2).padding(1)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Downsample);

struct UNetImpl : torch::nn::Module {
  explicit UNetImpl(int64_t ch) {
    stem = register_module("stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, ch, 3).padding(1)));
    down = register_module("down", torch::nn::Sequential(Downsample(ch), Downsample(ch)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d stem{nullptr};
  torch::nn::Sequential down{nullptr};
};
TORCH_MODULE(UNet);

} // namespace samples
