#pragma once

#include "fx/decoder.h"
#include "fx/encoder.h"

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace fx {

/// Options for the `Model` module.
///
/// Example:
/// ```
/// Model model(ModelOptions(4).channels(8));
/// torch::Tensor reconstruction = model->forward(torch::randn({2, 4, 8, 8}));
/// ```
struct ModelOptions {
  /* implicit */ ModelOptions(int64_t in_channels);

  /// Channels of the images, in and out.
  TORCH_ARG(int64_t, in_channels);

  TORCH_ARG(int64_t, latent_channels) = 4;

  TORCH_ARG(int64_t, channels) = 8;

  TORCH_ARG(int64_t, num_groups) = 4;

  /// Draw the latent from N(mean, std) with `torch::randn_like`; otherwise
  /// decode the mean.
  TORCH_ARG(bool, sample_posterior) = true;
};

/// An AutoencoderKL-like variational autoencoder: encode to the moments of a
/// diagonal Gaussian, sample a latent, decode.
class ModelImpl : public torch::nn::Cloneable<ModelImpl> {
 public:
  explicit ModelImpl(int64_t in_channels) : ModelImpl(ModelOptions(in_channels)) {}
  explicit ModelImpl(const ModelOptions& options_);

  void reset() override;

  /// The reconstruction of `x`.
  torch::Tensor forward(const torch::Tensor& x);

  /// The latent of `x`: a sample, or the mean without `sample_posterior`.
  torch::Tensor encode(const torch::Tensor& x);

  torch::Tensor decode(const torch::Tensor& z);

  /// The options used to configure this module.
  ModelOptions options;

  Encoder encoder{nullptr};
  torch::nn::Conv2d quant_conv{nullptr};
  torch::nn::Conv2d post_quant_conv{nullptr};
  Decoder decoder{nullptr};
};

/// A `ModuleHolder` subclass for `ModelImpl`.
TORCH_MODULE(Model);

} // namespace fx
