#include "fx/decoder.h"

#include "fx/probe.h"

namespace fx {

DecoderOptions::DecoderOptions(int64_t latent_channels, int64_t out_channels)
    : latent_channels_(latent_channels), out_channels_(out_channels) {}

DecoderImpl::DecoderImpl(const DecoderOptions& options_) : options(options_) {
  reset();
}

void DecoderImpl::reset() {
  const int64_t channels = options.channels();
  const int64_t groups = options.num_groups();
  conv_in = register_module(
      "conv_in",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(options.latent_channels(), 2 * channels, 3)
              .padding(1)));
  block0 = register_module(
      "block0",
      ResnetBlock(ResnetBlockOptions(2 * channels, 2 * channels).num_groups(groups)));
  attn0 = register_module(
      "attn0", AttnBlock(AttnBlockOptions(2 * channels).num_groups(groups)));
  up = register_module("up", Upsample(UpsampleOptions(2 * channels, channels)));
  block1 = register_module(
      "block1", ResnetBlock(ResnetBlockOptions(channels, channels).num_groups(groups)));
  norm_out = register_module("norm_out", torch::nn::GroupNorm(groups, channels));
  conv_out = register_module(
      "conv_out",
      torch::nn::Conv2d(
          torch::nn::Conv2dOptions(channels, options.out_channels(), 3).padding(1)));
}

torch::Tensor DecoderImpl::forward(const torch::Tensor& z) {
  torch::Tensor h = conv_in(z);
  h = block0(h);
  MODELCOMPAT_PROBE("decoder.block0", h);
  h = attn0(h);
  MODELCOMPAT_PROBE("decoder.attn0", h);
  h = up(h);
  MODELCOMPAT_PROBE("decoder.up", h);
  h = block1(h);
  MODELCOMPAT_PROBE("decoder.block1", h);
  return conv_out(torch::silu(norm_out(h)));
}

} // namespace fx
