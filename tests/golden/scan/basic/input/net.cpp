#include "net.h"

struct NetImpl : torch::nn::Module {
  NetImpl() {
    for (int i = 0; i < 2; ++i)
      blocks->push_back(demo::AttnBlock(64));
    register_module("blocks", blocks);
    register_buffer("step", torch::zeros({1}, torch::kLong));
  }
  torch::nn::ModuleList blocks;
};
TORCH_MODULE(Net);
