#pragma once

#include <torch/torch.h>

// Written for libtorch 1.2: with_bias and FeatureDropout, which the
// installed libtorch no longer has.
struct MnistNet : torch::nn::Module {
  MnistNet()
      : conv1(torch::nn::Conv2dOptions(1, 10, /*kernel_size=*/5).with_bias(false)),
        fc1(torch::nn::LinearOptions(320, 50).with_bias(true)),
        fc2(50, 10) {
    register_module("conv1", conv1);
    register_module("conv1_drop", conv1_drop);
    register_module("fc1", fc1);
    register_module("fc2", fc2);
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d conv1;
  torch::nn::FeatureDropout conv1_drop;
  torch::nn::Linear fc1;
  torch::nn::Linear fc2;
};
