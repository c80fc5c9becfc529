// Upsampling block of an autoencoder decoder.
#pragma once

#include <torch/torch.h>

namespace flux {

struct UpsampleBlockImpl : torch::nn::Module {
  UpsampleBlockImpl(int64_t in_ch, int64_t out_ch) {
    conv = register_module(
        "conv", torch::nn::ConvTranspose2d(
                    torch::nn::ConvTranspose2dOptions(in_ch, out_ch, 4).stride(2).padding(1)));
    // Learned output padding, persisted with the weights.
    outpad = register_buffer("outpad", torch::zeros({1, out_ch, 1, 1}));
  }

  torch::Tensor forward(torch::Tensor x) { return x * 2.0; }

  torch::nn::ConvTranspose2d conv{nullptr};
  torch::Tensor outpad;
};
TORCH_MODULE(UpsampleBlock);

} // namespace flux
