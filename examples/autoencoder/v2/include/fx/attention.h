#pragma once

#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace fx {

/// Options for the `Attention` module.
///
/// Example:
/// ```
/// Attention attn(AttentionOptions(16).include_fc(false));
/// ```
struct AttentionOptions {
  /* implicit */ AttentionOptions(int64_t dim);

  /// Embedding size of the tokens.
  TORCH_ARG(int64_t, dim);

  /// Project the attention's output with `out_proj` (a Linear layer);
  /// without it the output is passed through unchanged, as in MONAI.
  TORCH_ARG(bool, include_fc) = true;
};

/// Single-head self-attention over a sequence [batch, tokens, dim]:
/// out_proj(softmax(q k^T / sqrt(dim)) v).
class AttentionImpl : public torch::nn::Cloneable<AttentionImpl> {
 public:
  explicit AttentionImpl(int64_t dim) : AttentionImpl(AttentionOptions(dim)) {}
  explicit AttentionImpl(const AttentionOptions& options_);

  void reset() override;

  torch::Tensor forward(const torch::Tensor& x);

  /// The options used to configure this module.
  AttentionOptions options;

  torch::nn::Linear to_q{nullptr};
  torch::nn::Linear to_k{nullptr};
  torch::nn::Linear to_v{nullptr};
  /// Only with `include_fc`.
  torch::nn::Linear out_proj{nullptr};
};

/// A `ModuleHolder` subclass for `AttentionImpl`.
TORCH_MODULE(Attention);

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

  /// Passed to the `Attention` sub-module.
  TORCH_ARG(bool, include_fc) = true;
};

/// Self-attention over the pixels of a feature map, with a residual
/// connection: x + attn(norm(x)).
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
  Attention attn{nullptr};
};

/// A `ModuleHolder` subclass for `AttnBlockImpl`.
TORCH_MODULE(AttnBlock);

} // namespace fx
