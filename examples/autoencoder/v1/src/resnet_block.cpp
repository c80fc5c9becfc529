#include "fx/resnet_block.h"

#include <torch/nn/functional/activation.h>

namespace fx {

ResnetBlockOptions::ResnetBlockOptions(int64_t in_channels,
                                       int64_t out_channels)
    : in_channels_(in_channels), out_channels_(out_channels) {}

ResnetBlockImpl::ResnetBlockImpl(const ResnetBlockOptions& options_)
    : options(options_) {
  reset();
}

void ResnetBlockImpl::reset() {
  norm1 = register_module(
      "norm1",
      torch::nn::GroupNorm(options.num_groups(), options.in_channels()));
  conv1 = register_module(
      "conv1",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(options.in_channels(), options.out_channels(), 3)
              .padding(1)));
  norm2 = register_module(
      "norm2",
      torch::nn::GroupNorm(options.num_groups(), options.out_channels()));
  conv2 = register_module(
      "conv2",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(options.out_channels(), options.out_channels(), 3)
              .padding(1)));
  if (options.in_channels() != options.out_channels()) {
    nin_shortcut = register_module(
        "nin_shortcut",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(
            options.in_channels(), options.out_channels(), 1)));
  }
}

torch::Tensor ResnetBlockImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = conv1(torch::silu(norm1(x)));
  h = conv2(torch::silu(norm2(h)));
  torch::Tensor residual = nin_shortcut ? nin_shortcut(x) : x;
  return residual + h;
}

} // namespace fx
