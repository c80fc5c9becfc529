// An encoder whose trunk is a Sequential of named children, as in the
// torchvision-style ports that name their stages.
#pragma once

#include <torch/torch.h>

namespace enc {

struct ResBlockImpl : torch::nn::Module {
  explicit ResBlockImpl(int64_t ch) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
    norm = register_module("norm", torch::nn::BatchNorm2d(ch));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d norm{nullptr};
};
TORCH_MODULE(ResBlock);

struct EncoderImpl : torch::nn::Module {
  EncoderImpl(int64_t in, int64_t ch) {
    seq = register_module(
        "seq", torch::nn::Sequential(
                   {{"stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, ch, 7).stride(2).padding(3))},
                    {"res1", ResBlock(ch)},
                    {"res2", ResBlock(ch)},
                    {"proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, 2 * ch, 1))}}));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Sequential seq{nullptr};
};
TORCH_MODULE(Encoder);

} // namespace enc
