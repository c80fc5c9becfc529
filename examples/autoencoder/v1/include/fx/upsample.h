#pragma once

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace fx {

/// Options for the `Upsample` module.
///
/// Example:
/// ```
/// Upsample up(UpsampleOptions(16, 8));
/// ```
struct UpsampleOptions {
  UpsampleOptions(int64_t in_channels, int64_t out_channels);

  TORCH_ARG(int64_t, in_channels);
  TORCH_ARG(int64_t, out_channels);
};

/// Doubles the resolution with a strided transposed convolution.
class UpsampleImpl : public torch::nn::Cloneable<UpsampleImpl> {
 public:
  UpsampleImpl(int64_t in_channels, int64_t out_channels)
      : UpsampleImpl(UpsampleOptions(in_channels, out_channels)) {}
  explicit UpsampleImpl(const UpsampleOptions& options_);

  void reset() override;

  torch::Tensor forward(const torch::Tensor& x);

  /// The options used to configure this module.
  UpsampleOptions options;

  torch::nn::ConvTranspose2d conv{nullptr};
};

/// A `ModuleHolder` subclass for `UpsampleImpl`.
TORCH_MODULE(Upsample);

} // namespace fx
