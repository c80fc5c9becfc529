//===- SubModulesTest.cpp - User sub-modules, flattened or not ------------===//
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

namespace {
const char *const Source = R"cpp(
namespace ns {
struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(int ch) {
    to_q = register_module("to_q", torch::nn::Linear(ch, ch));
  }
  torch::nn::Linear to_q{nullptr};
};
TORCH_MODULE(Attention);
struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int ch) {
    attn = register_module("attn", Attention(ch));
    register_parameter("gamma", torch::ones({ch}));
  }
  Attention attn{nullptr};
};
TORCH_MODULE(Block);
} // namespace ns
)cpp";
} // namespace

TEST(SubModules, ExpandRecursivelyWhenFlattened) {
  ScanResult Result = scanSource(Source);
  EXPECT_EQ(
      entries(Result, "ns::BlockImpl"),
      (Lines{"attn module type=ns::Attention class=ns::AttentionImpl", "gamma parameter [ch]"}));
  EXPECT_EQ(stateKeys(Result, "ns::BlockImpl"),
            (Lines{"attn.to_q.weight parameter [ch, ch]", "attn.to_q.bias parameter [ch]",
                   "gamma parameter [ch]"}));
}

TEST(SubModules, UnflattenedEntriesKeepOnlyTheirOwnKeys) {
  ScanResult Result = scanSource(Source, /*Flatten=*/false);
  const ModuleSchema *Block = findModule(Result, "ns::BlockImpl");
  ASSERT_TRUE(Block);
  ASSERT_EQ(Block->Entries.size(), 2u);
  EXPECT_TRUE(Block->Entries[0].Keys.empty());
  ASSERT_EQ(Block->Entries[1].Keys.size(), 1u);
  EXPECT_EQ(describeKey(Block->Entries[1].Keys[0]), "gamma parameter [ch]");
  const ModuleSchema *Attention = findModule(Result, "ns::AttentionImpl");
  ASSERT_TRUE(Attention);
  ASSERT_EQ(Attention->Entries.size(), 1u);
  EXPECT_EQ(Attention->Entries[0].Keys.size(), 2u);
}

namespace {
// A child in the libtorch style: options with a positional constructor
// argument and a setter, a const local naming the option, a guarded layer.
const char *const OptionsChild = R"cpp(
namespace ns {
struct AttentionOptions {
  AttentionOptions(int64_t dim) : dim_(dim) {}
  TORCH_ARG(int64_t, dim);
  TORCH_ARG(bool, include_fc) = true;
};
struct AttentionImpl : torch::nn::Module {
  explicit AttentionImpl(const AttentionOptions &options_) : options(options_) {
    const int64_t dim = options.dim();
    to_q = register_module("to_q", torch::nn::Linear(dim, dim));
    if (options.include_fc())
      out_proj = register_module("out_proj", torch::nn::Linear(dim, dim));
  }
  AttentionOptions options;
  torch::nn::Linear to_q{nullptr}, out_proj{nullptr};
};
TORCH_MODULE(Attention);
} // namespace ns
)cpp";
} // namespace

TEST(SubModules, ChildOptionsAreWrittenInTheParentsTerms) {
  ScanResult Result = scanSource(std::string(OptionsChild) + R"cpp(
namespace ns {
struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t channels) {
    attn = register_module(
        "attn", Attention(AttentionOptions(2 * channels).include_fc(false)));
  }
  Attention attn{nullptr};
};
} // namespace ns
)cpp");
  const ModuleSchema *Block = findModule(Result, "ns::BlockImpl");
  ASSERT_TRUE(Block);
  ASSERT_EQ(Block->Entries.size(), 1u);
  EXPECT_EQ(Block->Entries[0].Arguments,
            (ConstructorArguments{{"dim", "2 * channels"}, {"include_fc", "false"}}));
  EXPECT_EQ(stateKeys(Result, "ns::BlockImpl"),
            (Lines{"attn.to_q.weight parameter [2 * channels, 2 * channels]",
                   "attn.to_q.bias parameter [2 * channels]"}))
      << "include_fc(false): the child's out_proj does not exist here";
  // The child itself keeps its own terms.
  EXPECT_EQ(stateKeys(Result, "ns::AttentionImpl")[0],
            "to_q.weight parameter [options.dim(), options.dim()]");
}

TEST(SubModules, OptionsHeldInAVariableAreFollowed) {
  ScanResult Result = scanSource(std::string(OptionsChild) + R"cpp(
namespace ns {
struct BlockImpl : torch::nn::Module {
  explicit BlockImpl(int64_t width) {
    auto attn_options = AttentionOptions(width + 1);
    attn = register_module("attn", Attention(attn_options));
  }
  Attention attn{nullptr};
};
} // namespace ns
)cpp");
  EXPECT_EQ(stateKeys(Result, "ns::BlockImpl")[0],
            "attn.to_q.weight parameter [width + 1, width + 1]");
}

TEST(SubModules, ChildConstructorParametersAreBoundByName) {
  ScanResult Result = scanSource(R"cpp(
namespace ns {
struct ConvBlockImpl : torch::nn::Module {
  ConvBlockImpl(int64_t in, int64_t out) {
    conv = register_module("conv", torch::nn::Conv2d(in, out, 3));
  }
  torch::nn::Conv2d conv{nullptr};
};
TORCH_MODULE(ConvBlock);
struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t width) {
    block = register_module("block", ConvBlock(4, width * 2));
  }
  ConvBlock block{nullptr};
};
} // namespace ns
)cpp");
  EXPECT_EQ(stateKeys(Result, "ns::NetImpl"),
            (Lines{"block.conv.weight parameter [width * 2, 4, 3, 3]",
                   "block.conv.bias parameter [width * 2]"}));
}

TEST(SubModules, ConstLocalsAreReadThroughButMutableOnesAreNot) {
  ScanResult Result = scanSource(R"cpp(
namespace ns {
struct NetImpl : torch::nn::Module {
  explicit NetImpl(int64_t channels) {
    const int64_t hidden = channels * 4;
    register_parameter("w", torch::zeros({hidden, channels}));
    int64_t growing = channels;
    growing *= 2;
    register_parameter("v", torch::zeros({growing}));
  }
};
} // namespace ns
)cpp");
  EXPECT_EQ(stateKeys(Result, "ns::NetImpl"),
            (Lines{"w parameter [channels * 4, channels]", "v parameter [growing]"}));
}

// A local without const that nothing writes after its initialiser is as good
// as a const one (NN_libtorch's `int channels = features.back() * 7 * 7;`):
// the shape names what it holds, so a commit that changes the initialiser
// changes the shape, and one that only adds const changes nothing. A local
// passed by reference or incremented may change, so it stays as written.
TEST(SubModules, LocalsSetOnceAreReadThroughLikeConstOnes) {
  ScanResult Result = scanSource(R"cpp(
void grow(int64_t &value);

struct HeadImpl : torch::nn::Module {
  HeadImpl(std::vector<int64_t> features) {
    int64_t flat = features.back() * 7 * 7;
    fc = register_module("fc", torch::nn::Linear(flat, 512));
    int fixed = 16;
    register_parameter("scale", torch::ones({fixed}));
    int64_t passed = features.back();
    grow(passed);
    register_parameter("bias", torch::zeros({passed}));
    for (int i = 0; i < 2; ++i) {
      int64_t width = features[i] * 2;
      register_parameter("w" + std::to_string(i), torch::zeros({width}));
    }
  }
  torch::nn::Linear fc{nullptr};
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "HeadImpl"),
            (Lines{"fc.weight parameter [512, features.back() * 7 * 7]", "fc.bias parameter [512]",
                   "scale parameter [16]", "bias parameter [passed]",
                   "w0 parameter [features[0] * 2]", "w1 parameter [features[1] * 2]"}));
}

// An element of a member array read where the class registers is its
// in-class initialiser's element when no method writes the array
// (Ipsedo/libtorch_samples' `int conv_kernel_sizes[2]{5, 5};`, later {3, 3}):
// a commit that changes the initialiser changes the shapes. An array a
// method writes, or hands out whole, stays as written.
TEST(SubModules, ElementsOfAMemberArrayNoMethodWritesAreItsInitialisers) {
  ScanResult Result = scanSource(R"cpp(
void tune(int *sizes);

struct NetImpl : torch::nn::Module {
  NetImpl() {
    c1 = register_module("c1", torch::nn::Conv2d(torch::nn::Conv2dOptions(
                                   3, 9, {kernel_sizes[0], kernel_sizes[0]})));
    register_parameter("gain", torch::ones({widths[1] * 2}));
    register_parameter("shift", torch::zeros({tuned[0]}));
    register_parameter("step", torch::zeros({stepped[0]}));
  }
  void shrink() { stepped[0] -= 1; }
  void retune() { tune(tuned); }
  int pool_size() const { return kernel_sizes[1] + widths[0]; }
  torch::nn::Conv2d c1{nullptr};
  int kernel_sizes[2]{5, 5};
  int64_t widths[2] = {4, 8};
  int tuned[1]{3};
  int stepped[1]{7};
};
)cpp");
  EXPECT_EQ(
      stateKeys(Result, "NetImpl"),
      (Lines{"c1.weight parameter [9, 3, 5, 5]", "c1.bias parameter [9]", "gain parameter [16]",
             "shift parameter [tuned[0]]", "step parameter [stepped[0]]"}));
}

TEST(SubModules, FactoryFunctionsAreFollowed) {
  // conv3x3(in, out) makes a bias-free 3x3 convolution: its call's arguments
  // are the function's, not the layer's.
  ScanResult Result = scanSource(R"cpp(
namespace blocks {
torch::nn::Conv2d conv3x3(int64_t in, int64_t out, int64_t stride = 1) {
  return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false));
}
torch::nn::Linear head(int64_t features) {
  auto layer = torch::nn::Linear(torch::nn::LinearOptions(features, 10));
  return layer;
}
} // namespace blocks

struct NetImpl : torch::nn::Module {
  NetImpl(int64_t width) : conv1(blocks::conv3x3(3, width)) {
    register_module("conv1", conv1);
    fc = register_module("fc", blocks::head(width));
  }
  torch::nn::Conv2d conv1;
  torch::nn::Linear fc{nullptr};
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"conv1.weight parameter [width, 3, 3, 3]", "fc.weight parameter [10, width]",
                   "fc.bias parameter [10]"}));
}
