#include <nowhere-cxxopts/cxxopts.hpp>
#include "net.h"

int main(int argc, char **argv) {
  cxxopts::Options options("train", "trains the net");
  options.add_options()("hidden", "hidden size", cxxopts::value<int64_t>()->default_value("64"));
  auto result = options.parse(argc, argv);
  Net net(NetOptions(result["hidden"].as<int64_t>()));
  net->forward(torch::zeros({1, 64}));
  return 0;
}
