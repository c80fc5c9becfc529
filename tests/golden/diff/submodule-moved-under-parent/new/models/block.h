// The attention projections move into an Attention sub-module and the MLP
// into an Mlp sub-module (timm's layout): the tensors keep their shapes.
#pragma once

#include <torch/torch.h>

namespace vit {

struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(int64_t dim) {
    qkv = register_module("qkv", torch::nn::Linear(dim, 3 * dim));
    proj = register_module("proj", torch::nn::Linear(dim, dim));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Linear qkv{nullptr}, proj{nullptr};
};
TORCH_MODULE(Attention);

struct MlpImpl : torch::nn::Module {
  MlpImpl(int64_t in_features, int64_t hidden_features) {
    fc1 = register_module("fc1", torch::nn::Linear(in_features, hidden_features));
    fc2 = register_module("fc2", torch::nn::Linear(hidden_features, in_features));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::Linear fc1{nullptr}, fc2{nullptr};
};
TORCH_MODULE(Mlp);

struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t dim) {
    norm1 = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    attn = register_module("attn", Attention(dim));
    norm2 = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    mlp = register_module("mlp", Mlp(dim, 4 * dim));
  }
  torch::Tensor forward(torch::Tensor x) { return x; }
  torch::nn::LayerNorm norm1{nullptr}, norm2{nullptr};
  Attention attn{nullptr};
  Mlp mlp{nullptr};
};
TORCH_MODULE(Block);

} // namespace vit
