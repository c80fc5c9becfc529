#include "fx/upsample.h"

namespace fx {

UpsampleOptions::UpsampleOptions(int64_t in_channels, int64_t out_channels)
    : in_channels_(in_channels), out_channels_(out_channels) {}

UpsampleImpl::UpsampleImpl(const UpsampleOptions& options_)
    : options(options_) {
  reset();
}

void UpsampleImpl::reset() {
  conv = register_module(
      "conv",
      torch::nn::ConvTranspose2d(
          torch::nn::ConvTranspose2dOptions(
              options.in_channels(), options.out_channels(), 4)
              .stride(2)
              .padding(1)));
}

torch::Tensor UpsampleImpl::forward(const torch::Tensor& x) {
  return conv(x);
}

} // namespace fx
