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
  outpad = register_buffer(
      "outpad",
      torch::full({2}, options.output_padding(), torch::dtype(torch::kLong)));
}

torch::Tensor UpsampleImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = conv(x);
  const int64_t rows = outpad[0].item<int64_t>();
  const int64_t columns = outpad[1].item<int64_t>();
  if (rows == 0 && columns == 0)
    return h;
  return torch::constant_pad_nd(h, {0, columns, 0, rows}, 0.0);
}

} // namespace fx
