//===- ConditionsTest.cpp - Conditional registrations ---------------------===//
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(Conditions, IfElseTernaryAndConditionalPushBack) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl(bool use_bias, bool  learned, bool bn) {
    if (use_bias)
      register_parameter("bias", torch::zeros({4}));
    if (learned && !use_bias) {
      register_parameter("scale", torch::ones({1}));
    } else {
      register_buffer("scale", torch::ones({1}));
    }
    register_parameter("shift", bn ? torch::zeros({2}) : torch::Tensor());
    seq = register_module("seq", torch::nn::Sequential());
    if (bn)
      seq->push_back(torch::nn::BatchNorm1d(4));
  }
  torch::nn::Sequential seq{nullptr};
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"bias parameter [4] if use_bias", "scale parameter [1] if learned && !use_bias",
                   "scale buffer [1] if !(learned && !use_bias)", "shift parameter [2] if bn",
                   "seq.0.weight parameter [4] if bn", "seq.0.bias parameter [4] if bn",
                   "seq.0.running_mean buffer [4] if bn", "seq.0.running_var buffer [4] if bn",
                   "seq.0.num_batches_tracked buffer [] dtype=torch::kLong if bn"}));
}

TEST(Conditions, ConstantConditionsChooseTheirBranch) {
  ScanResult Result = scanSource(R"cpp(
constexpr bool kWithBias = false;
struct NetImpl : torch::nn::Module {
  NetImpl() {
    for (int i = 0; i < 2; ++i) {
      if (i == 0)
        register_parameter("first", torch::zeros({1}));
      else
        register_parameter("rest" + std::to_string(i), torch::zeros({1}));
    }
    if (kWithBias)
      register_parameter("bias", torch::zeros({1}));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"), (Lines{"first parameter [1]", "rest1 parameter [1]"}));
}

TEST(Conditions, LocalsWrittenOnOnePathStaySymbolic) {
  // `stride` is 0 when declared but set on both paths before it is used:
  // its initialiser must not settle the child's condition. `width` is
  // written unconditionally, so its new value is known.
  ScanResult Result = scanSource(R"cpp(
struct BlockImpl : torch::nn::Module {
  BlockImpl(int64_t in, int64_t out, int64_t stride) {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3)));
    if (stride != 1 || in != out)
      proj = register_module("proj", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 1)));
  }
  torch::nn::Conv2d conv{nullptr}, proj{nullptr};
};
TORCH_MODULE(Block);

struct NetImpl : torch::nn::Module {
  NetImpl(bool first) {
    int64_t stride = 0;
    if (first)
      stride = 2;
    else
      stride = 1;
    int64_t width = 8;
    width *= 2;
    a = register_module("a", Block(16, 16, stride));
    b = register_module("b", Block(width, 16, 1));
  }
  Block a{nullptr}, b{nullptr};
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"a.conv.weight parameter [16, 16, 3, 3]", "a.conv.bias parameter [16]",
                   "a.proj.weight parameter [16, 16, 1, 1] if stride != 1",
                   "a.proj.bias parameter [16] if stride != 1",
                   "b.conv.weight parameter [16, 16, 3, 3]", "b.conv.bias parameter [16]"}));
}
