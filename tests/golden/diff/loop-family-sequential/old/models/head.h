#pragma once

#include <torch/torch.h>

namespace ns {

struct HeadOptions {
  HeadOptions(int64_t dim, int64_t classes) : dim_(dim), classes_(classes) {}
  TORCH_ARG(int64_t, dim);
  TORCH_ARG(int64_t, classes);
  TORCH_ARG(int64_t, depth) = 3;
};

// An MLP head: three hidden layers, then the classifier.
struct HeadImpl : torch::nn::Module {
  explicit HeadImpl(const HeadOptions &options) {
    for (int i = 0; i < 3; ++i)
      mlp->push_back(torch::nn::Linear(options.dim(), options.dim()));
    register_module("mlp", mlp);
    classifier = register_module("classifier", torch::nn::Linear(options.dim(), options.classes()));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Sequential mlp;
  torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(Head);

} // namespace ns
