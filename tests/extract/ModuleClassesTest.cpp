//===- ModuleClassesTest.cpp - Which classes scan reports -----------------===//
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(ModuleClasses, DirectModuleWithoutHolder) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() { register_parameter("w", torch::zeros({2})); }
};
)cpp");
  EXPECT_EQ(classNames(Result), Lines{"NetImpl"});
  const ModuleSchema *Net = findModule(Result, "NetImpl");
  ASSERT_TRUE(Net);
  EXPECT_FALSE(Net->Holder);
  EXPECT_EQ(Net->File, "model.h");
  EXPECT_EQ(Net->Line, 3u);
  EXPECT_EQ(stateKeys(Result, "NetImpl"), Lines{"w parameter [2]"});
  EXPECT_TRUE(Result.Diagnostics.empty());
}

TEST(ModuleClasses, CloneableWithTorchModuleHolder) {
  ScanResult Result = scanSource(R"cpp(
namespace ns {
class AttnImpl : public torch::nn::Cloneable<AttnImpl> {
 public:
  AttnImpl() { reset(); }
  void reset() override { scale = register_buffer("scale", torch::ones({1})); }
  torch::Tensor scale;
};
TORCH_MODULE(Attn);
} // namespace ns
)cpp");
  const ModuleSchema *Attn = findModule(Result, "ns::AttnImpl");
  ASSERT_TRUE(Attn);
  EXPECT_EQ(Attn->Holder, std::optional<std::string>("ns::Attn"));
  EXPECT_EQ(stateKeys(Result, "ns::AttnImpl"), Lines{"scale buffer [1]"});
}

TEST(ModuleClasses, IndirectThroughUserBaseInheritsItsEntries) {
  ScanResult Result = scanSource(R"cpp(
struct BaseImpl : torch::nn::Module {
  BaseImpl() { register_parameter("base_w", torch::zeros({3})); }
};
struct DerivedImpl : BaseImpl {
  DerivedImpl() { register_parameter("w", torch::zeros({4})); }
};
TORCH_MODULE(Derived);
)cpp");
  EXPECT_EQ(classNames(Result), (Lines{"BaseImpl", "DerivedImpl"}));
  EXPECT_EQ(stateKeys(Result, "DerivedImpl"),
            (Lines{"base_w parameter [3]", "w parameter [4]"}));
  EXPECT_EQ(findModule(Result, "DerivedImpl")->BaseClasses, Lines{"BaseImpl"});
}

TEST(ModuleClasses, ClassTemplateThroughCloneable) {
  ScanResult Result = scanSource(R"cpp(
template <typename T>
class BlockImpl : public torch::nn::Cloneable<BlockImpl<T>> {
 public:
  explicit BlockImpl(int ch) : ch_(ch) { reset(); }
  void reset() override {
    this->register_parameter("gain", torch::ones({ch_}));
    fc = this->register_module("fc", torch::nn::Linear(ch_, 2 * ch_));
  }
  int ch_;
  torch::nn::Linear fc{nullptr};
};
)cpp");
  EXPECT_EQ(classNames(Result), Lines{"BlockImpl"});
  EXPECT_EQ(stateKeys(Result, "BlockImpl"),
            (Lines{"gain parameter [ch_]", "fc.weight parameter [2 * ch_, ch_]",
                   "fc.bias parameter [2 * ch_]"}));
}

TEST(ModuleClasses, LibtorchAndNonModuleClassesAreNotReported) {
  ScanResult Result = scanSource(R"cpp(
struct Config { int width = 3; };
struct Helper { torch::nn::Linear fc{nullptr}; };
struct NetImpl : torch::nn::Module {};
TORCH_MODULE(Net);
)cpp");
  EXPECT_EQ(classNames(Result), Lines{"NetImpl"});
}
