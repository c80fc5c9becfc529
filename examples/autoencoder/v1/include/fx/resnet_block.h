#pragma once

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace fx {

/// Options for the `ResnetBlock` module.
///
/// Example:
/// ```
/// ResnetBlock block(ResnetBlockOptions(8, 16).num_groups(4));
/// ```
struct ResnetBlockOptions {
  ResnetBlockOptions(int64_t in_channels, int64_t out_channels);

  /// Channels of the input.
  TORCH_ARG(int64_t, in_channels);

  /// Channels of the output. When they differ from `in_channels`, a 1x1
  /// convolution `nin_shortcut` projects the residual.
  TORCH_ARG(int64_t, out_channels);

  /// Groups of the two `GroupNorm` layers.
  TORCH_ARG(int64_t, num_groups) = 4;
};

/// A residual block: GroupNorm, SiLU, 3x3 convolution, twice, plus the input.
class ResnetBlockImpl : public torch::nn::Cloneable<ResnetBlockImpl> {
 public:
  ResnetBlockImpl(int64_t in_channels, int64_t out_channels)
      : ResnetBlockImpl(ResnetBlockOptions(in_channels, out_channels)) {}
  explicit ResnetBlockImpl(const ResnetBlockOptions& options_);

  void reset() override;

  torch::Tensor forward(const torch::Tensor& x);

  /// The options used to configure this module.
  ResnetBlockOptions options;

  torch::nn::GroupNorm norm1{nullptr};
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::GroupNorm norm2{nullptr};
  torch::nn::Conv2d conv2{nullptr};
  /// Only when the channel count changes.
  torch::nn::Conv2d nin_shortcut{nullptr};
};

/// A `ModuleHolder` subclass for `ResnetBlockImpl`.
TORCH_MODULE(ResnetBlock);

} // namespace fx
