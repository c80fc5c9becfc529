//===- WriteExampleCheckpoint.cpp - A legacy checkpoint from the v1 code --===//
//
// Built from examples/autoencoder/v1's sources: what a user's training job at
// the base commit would have saved with torch::save, for the tests that pass
// real legacy checkpoints to `modelcompat verify`.
//
// With --cuda-available it prints "yes" or "no": whether this libtorch sees
// a CUDA device.
//
//===----------------------------------------------------------------------===//
#include "fx/model.h"

#include <torch/torch.h>

#include <iostream>
#include <string>

int main(int argc, char **argv) {
  // The e2e tests link no libtorch; they ask this one (the one verify's
  // harness builds against) whether it can use a GPU: a GPU machine with a
  // CPU-only libtorch must skip the CUDA tests.
  if (argc == 2 && std::string(argv[1]) == "--cuda-available") {
    std::cout << (torch::cuda::is_available() ? "yes" : "no") << "\n";
    return 0;
  }
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " SEED OUT.pt\n";
    return 2;
  }
  torch::manual_seed(std::stoll(argv[1]));
  fx::Model model(fx::ModelOptions(4));
  torch::save(model, argv[2]);
  return 0;
}
