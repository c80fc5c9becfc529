#pragma once
#include <torch/torch.h>

#include <vector>

// A conv + norm + dropout unit, as detection backbones write it.
class ConvUnitImpl : public torch::nn::Module {
public:
  ConvUnitImpl(int64_t in_channels, int64_t out_channels, int64_t kernel)
      : conv(torch::nn::Conv2dOptions(in_channels, out_channels, kernel)),
        norm(torch::nn::BatchNorm2dOptions(out_channels)),
        drop(torch::nn::DropoutOptions(0.1)) {
    register_module("conv", conv);
    register_module("norm", norm);
  }

  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d conv;
  torch::nn::BatchNorm2d norm;
  torch::nn::Dropout drop;
};
TORCH_MODULE(ConvUnit);

// Stages come from a configuration: repeated stages and single units are
// registered under the same numbered name, one branch per kind.
class DetectorImpl : public torch::nn::Module {
public:
  DetectorImpl(const std::vector<int64_t> &widths, int64_t repeats, int64_t in_channels) {
    int64_t last = in_channels;
    for (size_t i = 0; i < widths.size(); ++i) {
      if (repeats > 0) {
        stages->push_back(ConvUnit(last, widths[i], 3));
      } else if (i == 0) {
        stages->push_back(ConvUnit(in_channels, widths[i], 1));
      } else {
        stages->push_back(ConvUnit(last, widths[i], 1));
      }
      last = widths[i];
    }
    register_module("stages", stages);
  }

  torch::Tensor forward(torch::Tensor x);

  torch::nn::Sequential stages;
};
TORCH_MODULE(Detector);
