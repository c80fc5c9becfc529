#include "classifier.h"

int main(int argc, char **argv) {
  po::options_description desc("options");
  desc.add_options()("nf", po::value<size_t>()->default_value(64), "filters");
  po::variables_map vm;
  po::store(po::parse_command_line(argc, argv, desc), vm);
  samples::Classifier model(vm);
  model->forward(torch::zeros({1, 3, 8, 8}));
}
