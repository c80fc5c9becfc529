#pragma once
#include <torch/torch.h>

namespace demo {

class AttnBlockImpl : public torch::nn::Cloneable<AttnBlockImpl> {
 public:
  explicit AttnBlockImpl(int64_t ch, bool learned_scale = false)
      : ch_(ch), learned_scale_(learned_scale) {
    reset();
  }

  void reset() override {
    to_q = register_module("to_q", torch::nn::Linear(ch_, ch_));
    norm = register_module("norm", torch::nn::GroupNorm(32, ch_));
    if (learned_scale_)
      scale = register_parameter("scale", torch::ones({1}));
  }

  int64_t ch_;
  bool learned_scale_;
  torch::nn::Linear to_q{nullptr};
  torch::nn::GroupNorm norm{nullptr};
  torch::Tensor scale;
};
TORCH_MODULE(AttnBlock);

} // namespace demo
