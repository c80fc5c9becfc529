#pragma once

#include <torch/torch.h>

namespace det {

// A convolution with its own weight init and an optional ReLU; defined in
// src/layers.cpp, so a file that only includes this header cannot see
// what the returned Sequential holds.
torch::nn::Sequential conv_with_init(bool relu, int64_t in, int64_t out, int64_t kernel);

} // namespace det
