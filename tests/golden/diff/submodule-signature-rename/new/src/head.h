#pragma once
#include <torch/torch.h>

// A detection head: one 1x1 projection to the outputs of three anchors. The
// unused anchor count is no longer a parameter.
class HeadImpl : public torch::nn::Module {
public:
  HeadImpl(int64_t in_channels, int64_t num_classes)
      : proj_(torch::nn::Conv2dOptions(in_channels, 3 * (num_classes + 5), 1)) {
    register_module("output_proj", proj_);
  }

  torch::Tensor forward(torch::Tensor x);

private:
  torch::nn::Conv2d proj_;
};
TORCH_MODULE(Head);

// The network keeps its stages in a list; the head is the last item.
class NetworkImpl : public torch::nn::Module {
public:
  NetworkImpl(int64_t width, int64_t num_classes) {
    stages_->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(3, width, 3)));
    stages_->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(width, width, 3)));
    stages_->push_back(Head(width, num_classes));
    register_module("stages", stages_);
  }

  torch::Tensor forward(torch::Tensor x);

private:
  torch::nn::ModuleList stages_;
};
TORCH_MODULE(Network);
