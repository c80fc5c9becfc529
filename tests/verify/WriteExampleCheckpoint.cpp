//===- WriteExampleCheckpoint.cpp - A legacy checkpoint from the v1 code --===//
//
// Built from examples/autoencoder/v1's sources: what a user's training job at
// the base commit would have saved with torch::save, for the tests that pass
// real legacy checkpoints to `modelcompat verify`.
//
//===----------------------------------------------------------------------===//
#include "fx/model.h"

#include <torch/torch.h>

#include <iostream>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " SEED OUT.pt\n";
    return 2;
  }
  torch::manual_seed(std::stoll(argv[1]));
  fx::Model model(fx::ModelOptions(4));
  torch::save(model, argv[2]);
  return 0;
}
