#pragma once

#include <string>

#include <torch/torch.h>

namespace ns {

struct EncoderOptions {
  EncoderOptions(int64_t channels) : channels_(channels) {}
  TORCH_ARG(int64_t, channels);
  TORCH_ARG(int64_t, num_down) = 3;
};

// Downsampling stages, unrolled: the count is a literal.
struct EncoderImpl : torch::nn::Module {
  explicit EncoderImpl(const EncoderOptions &options) {
    const int64_t ch = options.channels();
    for (int i = 0; i < 3; ++i)
      register_module("down" + std::to_string(i),
                      torch::nn::Conv2d(torch::nn::Conv2dOptions(ch, ch, 3).stride(2).padding(1)));
  }

  torch::Tensor forward(torch::Tensor x) { return x; }
};
TORCH_MODULE(Encoder);

} // namespace ns
