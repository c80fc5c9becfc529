//===- RegistrationsTest.cpp - Where registrations are found --------------===//
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(Registrations, MemberInitialiserListAndInClassInitialiser) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() : fc(register_module("fc", torch::nn::Linear(3, 4))) {}
  torch::nn::Linear fc;
  torch::Tensor w = register_parameter("w", torch::randn({4}));
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"fc.weight parameter [4, 3]", "fc.bias parameter [4]", "w parameter [4]"}));
}

TEST(Registrations, ResetAndTheHelpersItCallsTransitively) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Cloneable<NetImpl> {
  explicit NetImpl(int ch) : ch(ch) { reset(); }
  void reset() override { build_stem(); }
  void build_stem() {
    this->register_buffer("mean", torch::zeros({ch}));
    add_head(ch * 2);
  }
  void add_head(int width) { register_parameter("head", torch::zeros({width, ch})); }
  int ch;
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"mean buffer [ch]", "head parameter [ch * 2, ch]"}));
}

TEST(Registrations, OutOfLineConstructor) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl(int n);
};
NetImpl::NetImpl(int n) { register_parameter("w", torch::zeros({n})); }
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [n]"});
}

TEST(Registrations, OnlyRegistrationsOnThisCount) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    auto other = std::make_shared<torch::nn::Module>();
    other->register_parameter("elsewhere", torch::zeros({1}));
    register_parameter("here", torch::zeros({1}));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"here parameter [1]"});
}

TEST(Registrations, SameNameTwiceIsReported) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    register_parameter("w", torch::zeros({1}));
    register_parameter("w", torch::zeros({2}));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [1]"});
  EXPECT_EQ(diagnostics(Result),
            Lines{"model.h:6:5: warning: 'NetImpl' registers 'w' twice (libtorch "
                  "throws at construction) [duplicate-registration]"});
  EXPECT_TRUE(Result.FilesWithErrors.empty());
}
