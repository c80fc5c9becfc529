#include "fx/attention.h"

#include <cmath>

namespace fx {

AttentionOptions::AttentionOptions(int64_t dim) : dim_(dim) {}

AttentionImpl::AttentionImpl(const AttentionOptions& options_)
    : options(options_) {
  reset();
}

void AttentionImpl::reset() {
  const int64_t dim = options.dim();
  to_q = register_module("to_q", torch::nn::Linear(dim, dim));
  to_k = register_module("to_k", torch::nn::Linear(dim, dim));
  to_v = register_module("to_v", torch::nn::Linear(dim, dim));
  if (options.include_fc()) {
    out_proj = register_module("out_proj", torch::nn::Linear(dim, dim));
  }
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x) {
  torch::Tensor q = to_q(x);
  torch::Tensor k = to_k(x);
  torch::Tensor v = to_v(x);
  torch::Tensor scores = torch::matmul(q, k.transpose(1, 2)) /
                         std::sqrt(static_cast<double>(options.dim()));
  torch::Tensor hidden = torch::matmul(torch::softmax(scores, -1), v);
  return out_proj ? out_proj(hidden) : hidden;
}

AttnBlockOptions::AttnBlockOptions(int64_t channels) : channels_(channels) {}

AttnBlockImpl::AttnBlockImpl(const AttnBlockOptions& options_)
    : options(options_) {
  reset();
}

void AttnBlockImpl::reset() {
  norm = register_module(
      "norm", torch::nn::GroupNorm(options.num_groups(), options.channels()));
  attn = register_module(
      "attn",
      Attention(AttentionOptions(options.channels())
                    .include_fc(options.include_fc())));
}

torch::Tensor AttnBlockImpl::forward(const torch::Tensor& x) {
  const int64_t batch = x.size(0), channels = x.size(1);
  const int64_t height = x.size(2), width = x.size(3);
  // [batch, pixels, channels]
  torch::Tensor hidden =
      norm(x).view({batch, channels, height * width}).transpose(1, 2);
  hidden = attn(hidden);
  return x + hidden.transpose(1, 2).reshape({batch, channels, height, width});
}

} // namespace fx
