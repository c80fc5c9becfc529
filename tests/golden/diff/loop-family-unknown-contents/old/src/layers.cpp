#include "../include/layers.h"

namespace det {

torch::nn::Sequential conv_with_init(bool relu, int64_t in, int64_t out, int64_t kernel) {
  torch::nn::Sequential block;
  block->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).padding(kernel / 2)));
  if (relu)
    block->push_back(torch::nn::ReLU());
  return block;
}

} // namespace det
