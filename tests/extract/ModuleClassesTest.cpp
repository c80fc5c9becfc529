//===- ModuleClassesTest.cpp - Which classes scan reports -----------------===//
#include "ScanTestSupport.h"
#include "support/TempDirectory.h"

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
  EXPECT_EQ(stateKeys(Result, "DerivedImpl"), (Lines{"base_w parameter [3]", "w parameter [4]"}));
  EXPECT_EQ(findModule(Result, "DerivedImpl")->BaseClasses, Lines{"BaseImpl"});
}

TEST(ModuleClasses, ABaseWhoseConstructorIsInAnotherTranslationUnitStillGivesItsEntries) {
  // One .cpp per class, built with different flags: the derived class's
  // parse never sees the base's constructor. Its keys come from the scan
  // as a whole, where the base is complete.
  TempDirectory Build;
  Build.write("compile_commands.json", R"([
  {"directory": "/real/proj", "command": "c++ -std=c++17 -DBASE_TU -Iinclude -c src/base.cpp",
   "file": "src/base.cpp"},
  {"directory": "/real/proj", "command": "c++ -std=c++17 -DCNN_TU -Iinclude -c src/cnn.cpp",
   "file": "src/cnn.cpp"}
])");
  SourceTree Tree;
  Tree.Files.push_back({"include/base.h", R"cpp(#pragma once
#include <torch/torch.h>
namespace rl {
struct NNBase : torch::nn::Module {
  explicit NNBase(int64_t hidden);
  torch::nn::GRU gru{nullptr};
};
} // namespace rl
)cpp",
                        ""});
  Tree.Files.push_back({"include/cnn.h", R"cpp(#pragma once
#include "base.h"
namespace rl {
struct CnnBase : NNBase {
  explicit CnnBase(int64_t hidden);
  torch::nn::Linear critic{nullptr};
};
} // namespace rl
)cpp",
                        ""});
  Tree.Files.push_back({"src/base.cpp", R"cpp(#include "base.h"
namespace rl {
NNBase::NNBase(int64_t hidden) { gru = register_module("gru", torch::nn::GRU(hidden, hidden)); }
} // namespace rl
)cpp",
                        ""});
  Tree.Files.push_back({"src/cnn.cpp", R"cpp(#include "cnn.h"
namespace rl {
CnnBase::CnnBase(int64_t hidden) : NNBase(hidden) {
  critic = register_module("critic", torch::nn::Linear(hidden, 1));
}
} // namespace rl
)cpp",
                        ""});
  ScanOptions Options;
  Options.ExtraArgs = {stubTorchFlag()};
  Options.CompileCommandsDir = Build.path().string();
  Options.RealRoot = "/real/proj";
  ScanResult Result = scanTree(Tree, {}, Options);
  EXPECT_EQ(diagnostics(Result), Lines{});
  const ModuleSchema *Cnn = findModule(Result, "rl::CnnBase");
  ASSERT_TRUE(Cnn);
  EXPECT_EQ(Cnn->BaseClasses, Lines{"rl::NNBase"});
  EXPECT_EQ(Cnn->BaseClassFiles, Lines{"include/base.h"});
  EXPECT_EQ(stateKeys(Result, "rl::CnnBase"),
            (Lines{"gru.weight_ih_l0 parameter [3 * hidden, hidden]",
                   "gru.weight_hh_l0 parameter [3 * hidden, hidden]",
                   "gru.bias_ih_l0 parameter [3 * hidden]", "gru.bias_hh_l0 parameter [3 * hidden]",
                   "critic.weight parameter [1, hidden]", "critic.bias parameter [1]"}));
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

TEST(ModuleClasses, ADerivedLibtorchLayerStartsWithTheLayersKeys) {
  // A masked convolution: a Conv2d whose class adds a buffer. Its state is
  // the layer's, as the base initialiser builds it, then its own.
  ScanResult Result = scanSource(R"cpp(
struct MaskedConvImpl : torch::nn::Conv2dImpl {
  MaskedConvImpl(int64_t in, int64_t out, int64_t k, bool with_bias)
      : torch::nn::Conv2dImpl(torch::nn::Conv2dOptions(in, out, k).padding(k / 2).bias(with_bias)) {
    mask = register_buffer("mask", torch::ones({out, in, k, k}));
  }
  torch::Tensor mask;
};
TORCH_MODULE(MaskedConv);

struct NetImpl : torch::nn::Module {
  NetImpl() { conv = register_module("conv", MaskedConv(3, 8, 5, false)); }
  MaskedConv conv{nullptr};
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "MaskedConvImpl"),
            (Lines{"weight parameter [out, in, k, k]", "bias parameter [out] if with_bias",
                   "mask buffer [out, in, k, k]"}));
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"conv.weight parameter [8, 3, 5, 5]", "conv.mask buffer [8, 3, 5, 5]"}));
}

TEST(ModuleClasses, AClassInheritingALayersConstructorsHasTheLayersKeysAsEachCallerBuildsThem) {
  // Layers that change only forward(): they take the layer's constructors,
  // so their state is the layer's, over the layer's own names, and each
  // caller's arguments shape it (options, positional, an ExpandingArray).
  ScanResult Result = scanSource(R"cpp(
struct SameConvImpl : torch::nn::Conv2dImpl {
  using Conv2dImpl::Conv2dImpl;
  torch::Tensor forward(const torch::Tensor &x) { return x; }
};
TORCH_MODULE(SameConv);

struct ScaledLinearImpl : torch::nn::LinearImpl {
  using torch::nn::LinearImpl::LinearImpl;
};
TORCH_MODULE(ScaledLinear);

struct NetImpl : torch::nn::Module {
  NetImpl() {
    stem = register_module("stem", SameConv(torch::nn::Conv2dOptions(3, 8, {3, 5}).bias(false)));
    head = register_module("head", SameConv(8, 16, 3));
    fc = register_module("fc", ScaledLinear(16, 4));
  }
  SameConv stem{nullptr}, head{nullptr};
  ScaledLinear fc{nullptr};
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "SameConvImpl"),
            (Lines{"weight parameter [out_channels, in_channels / groups, kernel_size[0], "
                   "kernel_size[1]]",
                   "bias parameter [out_channels] if bias"}));
  EXPECT_EQ(stateKeys(Result, "ScaledLinearImpl"),
            (Lines{"weight parameter [out_features, in_features]",
                   "bias parameter [out_features] if bias"}));
  EXPECT_EQ(
      stateKeys(Result, "NetImpl"),
      (Lines{"stem.weight parameter [8, 3, 3, 5]", "head.weight parameter [16, 8, 3, 3]",
             "head.bias parameter [16]", "fc.weight parameter [4, 16]", "fc.bias parameter [4]"}));
}

TEST(ModuleClasses, AConstructorTakingALayersOptionsWholeBuildsItAsEachCallerGivesThem) {
  // A torchvision-style unit: its one parameter is a Conv2d's options,
  // changed by a statement before the layer is built from them. Its keys
  // are the layer's over the layer's names; each caller's options bind them.
  ScanResult Result = scanSource(R"cpp(
struct ConvUnitImpl : torch::nn::Module {
  explicit ConvUnitImpl(torch::nn::Conv2dOptions opts) {
    opts.bias(false);
    conv = register_module("conv", torch::nn::Conv2d(opts));
    bn = register_module("bn", torch::nn::BatchNorm2d(opts.out_channels()));
    opts.bias(true); // After the layer is built: changes nothing.
  }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ConvUnit);

struct WrappedConvImpl : torch::nn::Conv2dImpl {
  explicit WrappedConvImpl(const torch::nn::Conv2dOptions &options) : Conv2dImpl(options) {}
};
TORCH_MODULE(WrappedConv);

struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t w) {
    unit = register_module("unit", ConvUnit(torch::nn::Conv2dOptions(w, 2 * w, {1, 3})));
    wrapped = register_module("wrapped", WrappedConv(torch::nn::Conv2dOptions(w, w, 3).groups(w)));
  }
  ConvUnit unit{nullptr};
  WrappedConv wrapped{nullptr};
};
)cpp");
  EXPECT_EQ(
      stateKeys(Result, "ConvUnitImpl"),
      (Lines{"conv.weight parameter [out_channels, in_channels / groups, kernel_size[0], "
             "kernel_size[1]]",
             "bn.weight parameter [opts.out_channels()]", "bn.bias parameter [opts.out_channels()]",
             "bn.running_mean buffer [opts.out_channels()]",
             "bn.running_var buffer [opts.out_channels()]",
             "bn.num_batches_tracked buffer [] dtype=torch::kLong"}));
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"unit.conv.weight parameter [2 * w, w, 1, 3]",
                   "unit.bn.weight parameter [2 * w]", "unit.bn.bias parameter [2 * w]",
                   "unit.bn.running_mean buffer [2 * w]", "unit.bn.running_var buffer [2 * w]",
                   "unit.bn.num_batches_tracked buffer [] dtype=torch::kLong",
                   "wrapped.weight parameter [w, w / w, 3, 3]", "wrapped.bias parameter [w]"}));
}

TEST(ModuleClasses, ADerivedSequentialHoldsWhatItPushesOnItself) {
  // A torchvision-style dense layer: a Sequential filled in its own
  // constructor, named and positional children numbered together.
  ScanResult Result = scanSource(R"cpp(
struct DenseLayerImpl : torch::nn::SequentialImpl {
  DenseLayerImpl(int64_t in, int64_t growth) {
    push_back("norm1", torch::nn::BatchNorm2d(in));
    push_back("relu1", torch::nn::ReLU());
    this->push_back("conv1", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, growth, 1).bias(false)));
    push_back(torch::nn::Dropout(0.5));
    push_back(torch::nn::Linear(growth, 10));
  }
  torch::Tensor forward(torch::Tensor x) { return torch::nn::SequentialImpl::forward(x); }
};
TORCH_MODULE(DenseLayer);

struct StemImpl : torch::nn::SequentialImpl {
  explicit StemImpl(int64_t ch)
      : torch::nn::SequentialImpl(torch::nn::Conv2d(3, ch, 3), torch::nn::ReLU()) {
    push_back(torch::nn::BatchNorm2d(ch));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "DenseLayerImpl"),
            (Lines{"norm1.weight parameter [in]", "norm1.bias parameter [in]",
                   "norm1.running_mean buffer [in]", "norm1.running_var buffer [in]",
                   "norm1.num_batches_tracked buffer [] dtype=torch::kLong",
                   "conv1.weight parameter [growth, in, 1, 1]", "4.weight parameter [10, growth]",
                   "4.bias parameter [10]"}));
  EXPECT_EQ(
      stateKeys(Result, "StemImpl"),
      (Lines{"0.weight parameter [ch, 3, 3, 3]", "0.bias parameter [ch]", "2.weight parameter [ch]",
             "2.bias parameter [ch]", "2.running_mean buffer [ch]", "2.running_var buffer [ch]",
             "2.num_batches_tracked buffer [] dtype=torch::kLong"}));
}
