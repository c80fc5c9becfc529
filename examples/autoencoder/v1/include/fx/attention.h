#pragma once

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace fx {

/// Options for the `AttnBlock` module.
///
/// Example:
/// ```
/// AttnBlock attn(AttnBlockOptions(16).num_groups(4));
/// ```
struct AttnBlockOptions {
  /* implicit */ AttnBlockOptions(int64_t channels);

  /// Channels of the input; also the attention's embedding size.
  TORCH_ARG(int64_t, channels);

  /// Groups of the `GroupNorm` before the attention.
  TORCH_ARG(int64_t, num_groups) = 4;
};

/// Single-head self-attention over the pixels of a feature map, with a
/// residual connection: x + proj_attn(softmax(q k^T / sqrt(c)) v).
class AttnBlockImpl : public torch::nn::Cloneable<AttnBlockImpl> {
 public:
  explicit AttnBlockImpl(int64_t channels)
      : AttnBlockImpl(AttnBlockOptions(channels)) {}
  explicit AttnBlockImpl(const AttnBlockOptions& options_);

  void reset() override;

  torch::Tensor forward(const torch::Tensor& x);

  /// The options used to configure this module.
  AttnBlockOptions options;

  torch::nn::GroupNorm norm{nullptr};
  torch::nn::Linear to_q{nullptr};
  torch::nn::Linear to_k{nullptr};
  torch::nn::Linear to_v{nullptr};
  torch::nn::Linear proj_attn{nullptr};
};

/// A `ModuleHolder` subclass for `AttnBlockImpl`.
TORCH_MODULE(AttnBlock);

} // namespace fx
