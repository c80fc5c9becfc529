//===- TensorsTest.cpp - Tensor shapes, dtypes and undefined tensors ------===//
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(Tensors, ShapesFromFactoriesAndDtypes) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl(int ch) {
    register_parameter("a", torch::zeros({ch, 3}));
    register_parameter("b", torch::randn({ch,   2*4}) * 0.02);
    register_buffer("c", torch::ones({ch}, torch::kLong));
    register_buffer("d", torch::full({2, ch}, 1.0, torch::dtype(torch::kDouble)));
    register_parameter("e", torch::empty({ch, ch}).uniform_(-1, 1));
    auto f = torch::rand({7});
    register_buffer("f", f);
    register_parameter("g", make_tensor());
  }
  torch::Tensor make_tensor();
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"a parameter [ch, 3]", "b parameter [ch, 8]", "c buffer [ch] dtype=torch::kLong",
                   "d buffer [2, ch] dtype=torch::kDouble", "e parameter [ch, ch]", "f buffer [7]",
                   "g parameter"}));
}

TEST(Tensors, UndefinedTensorsRegisterNoKey) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    register_parameter("bias", {}, false);
    register_parameter("gain", torch::Tensor());
    register_buffer("kept", torch::zeros({1}));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"kept buffer [1]"});
}
