// A downsampling block configured through its options, and the encoder that
// builds three of them.
#pragma once

#include <torch/torch.h>

namespace enc {

struct DownsampleOptions {
  /* implicit */ DownsampleOptions(int64_t channels) : channels_(channels) {}
  TORCH_ARG(int64_t, channels);
  TORCH_ARG(bool, bias) = true;
  TORCH_ARG(double, dropout) = 0.0;
};

struct DownsampleImpl : torch::nn::Module {
  explicit DownsampleImpl(const DownsampleOptions &options_) : options(options_) { reset(); }
  void reset() {
    conv = register_module(
        "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(options.channels(), 2 * options.channels(), 3)
                                      .stride(2)
                                      .padding(1)
                                      .bias(options.bias())));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  DownsampleOptions options;
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(Downsample);

struct EncoderImpl : torch::nn::Module {
  explicit EncoderImpl(int64_t ch) {
    down1 = register_module("down1", Downsample(DownsampleOptions(ch).bias(true)));
    down2 = register_module("down2", Downsample(DownsampleOptions(2 * ch).bias(true)));
    down3 = register_module("down3", Downsample(DownsampleOptions(4 * ch).bias(true).dropout(0.1)));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  Downsample down1{nullptr}, down2{nullptr}, down3{nullptr};
};
TORCH_MODULE(Encoder);

} // namespace enc
