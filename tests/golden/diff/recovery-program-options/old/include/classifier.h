// A classifier configured from the command line, in the style of many
// public libtorch samples: the options object is passed to the constructor.
#pragma once
#include <torch/torch.h>
#include <nowhere-boost/program_options.hpp>

namespace po = boost::program_options;

namespace samples {

struct ClassifierImpl : torch::nn::Module {
  explicit ClassifierImpl(po::variables_map &vm);
  torch::Tensor forward(torch::Tensor x);

  torch::nn::Conv2d stem{nullptr};
  torch::Tensor trace;
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Classifier);

} // namespace samples
