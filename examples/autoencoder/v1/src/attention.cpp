#include "fx/attention.h"

#include <cmath>

namespace fx {

AttnBlockOptions::AttnBlockOptions(int64_t channels) : channels_(channels) {}

AttnBlockImpl::AttnBlockImpl(const AttnBlockOptions& options_)
    : options(options_) {
  reset();
}

void AttnBlockImpl::reset() {
  const int64_t channels = options.channels();
  norm = register_module(
      "norm", torch::nn::GroupNorm(options.num_groups(), channels));
  to_q = register_module("to_q", torch::nn::Linear(channels, channels));
  to_k = register_module("to_k", torch::nn::Linear(channels, channels));
  to_v = register_module("to_v", torch::nn::Linear(channels, channels));
  proj_attn =
      register_module("proj_attn", torch::nn::Linear(channels, channels));
}

torch::Tensor AttnBlockImpl::forward(const torch::Tensor& x) {
  const int64_t batch = x.size(0), channels = x.size(1);
  const int64_t height = x.size(2), width = x.size(3);
  // [batch, pixels, channels]
  torch::Tensor hidden =
      norm(x).view({batch, channels, height * width}).transpose(1, 2);
  torch::Tensor q = to_q(hidden);
  torch::Tensor k = to_k(hidden);
  torch::Tensor v = to_v(hidden);
  torch::Tensor scores = torch::matmul(q, k.transpose(1, 2)) /
                         std::sqrt(static_cast<double>(channels));
  hidden = torch::matmul(torch::softmax(scores, -1), v);
  hidden = proj_attn(hidden);
  return x + hidden.transpose(1, 2).reshape({batch, channels, height, width});
}

} // namespace fx
