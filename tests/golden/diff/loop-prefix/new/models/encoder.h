#pragma once

#include <string>

#include <torch/torch.h>

namespace ns {

struct EncoderImpl : torch::nn::Module {
  explicit EncoderImpl(int64_t ch) {
    for (int i = 0; i < 3; ++i)
      register_module("enc" + std::to_string(i),
                      torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).padding(1)));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }
};
TORCH_MODULE(Encoder);

} // namespace ns
