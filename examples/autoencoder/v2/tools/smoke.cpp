// Builds the model, runs one seeded forward pass and prints the output's
// shape, a checksum and the state-dict keys: a by-hand check, not a test.
#include "fx/model.h"

#include <torch/torch.h>

#include <iostream>

int main() {
  torch::manual_seed(0);
  fx::Model model(fx::ModelOptions(4));
  model->eval();
  torch::NoGradGuard no_grad;
  torch::Tensor x = torch::randn({2, 4, 8, 8});
  torch::manual_seed(1);
  torch::Tensor y = model->forward(x);
  std::cout << "output " << y.sizes() << " sum " << y.sum().item<double>()
            << "\n";
  for (const auto& item : model->named_parameters())
    std::cout << "parameter " << item.key() << " " << item.value().sizes()
              << "\n";
  for (const auto& item : model->named_buffers())
    std::cout << "buffer " << item.key() << " " << item.value().sizes() << " "
              << item.value().scalar_type() << "\n";
  return 0;
}
