#include "fx/encoder.h"

#include "fx/probe.h"

namespace fx {

EncoderOptions::EncoderOptions(int64_t in_channels, int64_t latent_channels)
    : in_channels_(in_channels), latent_channels_(latent_channels) {}

EncoderImpl::EncoderImpl(const EncoderOptions& options_) : options(options_) {
  reset();
}

void EncoderImpl::reset() {
  const int64_t channels = options.channels();
  const int64_t groups = options.num_groups();
  conv_in = register_module(
      "conv_in",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(options.in_channels(), channels, 3).padding(1)));
  block0 = register_module(
      "block0", ResnetBlock(ResnetBlockOptions(channels, channels).num_groups(groups)));
  attn0 = register_module(
      "attn0", AttnBlock(AttnBlockOptions(channels).num_groups(groups)));
  down = register_module(
      "down",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(channels, channels, 3).stride(2).padding(1)));
  block1 = register_module(
      "block1",
      ResnetBlock(ResnetBlockOptions(channels, 2 * channels).num_groups(groups)));
  attn1 = register_module(
      "attn1", AttnBlock(AttnBlockOptions(2 * channels).num_groups(groups)));
  norm_out = register_module(
      "norm_out", torch::nn::GroupNorm(groups, 2 * channels));
  conv_out = register_module(
      "conv_out",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(2 * channels, 2 * options.latent_channels(), 3)
              .padding(1)));
}

torch::Tensor EncoderImpl::forward(const torch::Tensor& x) {
  torch::Tensor h = conv_in(x);
  h = block0(h);
  MODELCOMPAT_PROBE("encoder.block0", h);
  h = attn0(h);
  MODELCOMPAT_PROBE("encoder.attn0", h);
  h = down(h);
  h = block1(h);
  MODELCOMPAT_PROBE("encoder.block1", h);
  h = attn1(h);
  MODELCOMPAT_PROBE("encoder.attn1", h);
  return conv_out(torch::silu(norm_out(h)));
}

} // namespace fx
