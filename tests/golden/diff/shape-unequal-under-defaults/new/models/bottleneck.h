#pragma once

#include <torch/torch.h>

namespace ns {

// Wide ResNet widths by default: base_width = 128 doubles the inner width
// of ResNet's bottleneck.
struct BottleneckImpl : torch::nn::Module {
  BottleneckImpl(int64_t inplanes, int64_t planes, int64_t stride = 1, int64_t groups = 1,
                 int64_t base_width = 128) {
    const int64_t width = planes * (base_width / 64) * groups;
    conv1 = register_module("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(inplanes, width, 1).bias(false)));
    bn1 = register_module("bn1", torch::nn::BatchNorm2d(width));
    conv2 = register_module("conv2", torch::nn::Conv2d(
        torch::nn::Conv2dOptions(width, width, 3).stride(stride).padding(1).groups(groups).bias(false)));
    bn2 = register_module("bn2", torch::nn::BatchNorm2d(width));
    conv3 = register_module("conv3", torch::nn::Conv2d(torch::nn::Conv2dOptions(width, planes * 4, 1).bias(false)));
    bn3 = register_module("bn3", torch::nn::BatchNorm2d(planes * 4));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }

  torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, conv3{nullptr};
  torch::nn::BatchNorm2d bn1{nullptr}, bn2{nullptr}, bn3{nullptr};
};
TORCH_MODULE(Bottleneck);

} // namespace ns
