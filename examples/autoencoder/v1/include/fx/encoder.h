#pragma once

#include "fx/attention.h"
#include "fx/resnet_block.h"

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace fx {

/// Options for the `Encoder` module.
struct EncoderOptions {
  EncoderOptions(int64_t in_channels, int64_t latent_channels);

  TORCH_ARG(int64_t, in_channels);

  /// Channels of the latent; the encoder outputs twice as many (mean and
  /// log-variance).
  TORCH_ARG(int64_t, latent_channels);

  /// Channels at full resolution; doubled after the downsampling.
  TORCH_ARG(int64_t, channels) = 8;

  TORCH_ARG(int64_t, num_groups) = 4;
};

/// Maps an image to the moments of its latent distribution, at half the
/// resolution: two residual levels, each followed by self-attention.
class EncoderImpl : public torch::nn::Cloneable<EncoderImpl> {
 public:
  explicit EncoderImpl(const EncoderOptions& options_);

  void reset() override;

  torch::Tensor forward(const torch::Tensor& x);

  /// The options used to configure this module.
  EncoderOptions options;

  torch::nn::Conv2d conv_in{nullptr};
  ResnetBlock block0{nullptr};
  AttnBlock attn0{nullptr};
  torch::nn::Conv2d down{nullptr};
  ResnetBlock block1{nullptr};
  AttnBlock attn1{nullptr};
  torch::nn::GroupNorm norm_out{nullptr};
  torch::nn::Conv2d conv_out{nullptr};
};

/// A `ModuleHolder` subclass for `EncoderImpl`.
TORCH_MODULE(Encoder);

} // namespace fx
