#pragma once

#include "fx/attention.h"
#include "fx/resnet_block.h"
#include "fx/upsample.h"

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace fx {

/// Options for the `Decoder` module.
struct DecoderOptions {
  DecoderOptions(int64_t latent_channels, int64_t out_channels);

  TORCH_ARG(int64_t, latent_channels);
  TORCH_ARG(int64_t, out_channels);

  /// Channels at full resolution; the latent level has twice as many.
  TORCH_ARG(int64_t, channels) = 8;

  TORCH_ARG(int64_t, num_groups) = 4;
};

/// Maps a latent back to an image at twice its resolution.
class DecoderImpl : public torch::nn::Cloneable<DecoderImpl> {
 public:
  explicit DecoderImpl(const DecoderOptions& options_);

  void reset() override;

  torch::Tensor forward(const torch::Tensor& z);

  /// The options used to configure this module.
  DecoderOptions options;

  torch::nn::Conv2d conv_in{nullptr};
  ResnetBlock block0{nullptr};
  AttnBlock attn0{nullptr};
  Upsample up{nullptr};
  ResnetBlock block1{nullptr};
  torch::nn::GroupNorm norm_out{nullptr};
  torch::nn::Conv2d conv_out{nullptr};
};

/// A `ModuleHolder` subclass for `DecoderImpl`.
TORCH_MODULE(Decoder);

} // namespace fx
