// A small network trained from main.cpp, which parses its flags with
// cxxopts; the commit only touches forward() and the command line.
#pragma once
#include <torch/torch.h>

struct NetOptions {
  NetOptions(int64_t hidden) : hidden_(hidden) {}
  TORCH_ARG(int64_t, hidden);
  TORCH_ARG(bool, bias) = true;
};

struct NetImpl : torch::nn::Module {
  explicit NetImpl(const NetOptions &options) : options(options) {
    for (int i = 0; i < 3; ++i)
      layers->push_back(torch::nn::Linear(
          torch::nn::LinearOptions(options.hidden(), options.hidden()).bias(options.bias())));
    register_module("layers", layers);
  }
  torch::Tensor forward(torch::Tensor x) { return x; }

  NetOptions options;
  torch::nn::Sequential layers;
};
TORCH_MODULE(Net);
