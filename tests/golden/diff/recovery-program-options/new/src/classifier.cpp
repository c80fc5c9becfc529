#include "classifier.h"

namespace samples {

ClassifierImpl::ClassifierImpl(po::variables_map &vm) {
  const size_t nf = vm["nf"].as<size_t>();
  stem = register_module("stem", torch::nn::Conv2d(torch::nn::Conv2dOptions(3, nf, 3)));
  norm = register_module("norm", torch::nn::BatchNorm2d(nf));
  head = register_module("head", torch::nn::Linear(nf, vm["classes"].as<size_t>()));
  if (vm.count("trace"))
    trace = register_buffer("trace", torch::zeros({nf}));
}

torch::Tensor ClassifierImpl::forward(torch::Tensor x) {
  return head->forward(stem->forward(x));
}

} // namespace samples
