//===- BuiltinLayersTest.cpp - Builtin layers and their options -----------===//
#include "ScanTestSupport.h"

using namespace modelcompat;
using namespace modelcompat::test;
using Lines = std::vector<std::string>;

TEST(BuiltinLayers, OptionsFromChainedSetters) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl(int in, int out, int g) {
    register_module("proj", torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false)));
    register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).groups(g)));
    register_module("bn", torch::nn::BatchNorm2d(
        torch::nn::BatchNorm2dOptions(out).affine(false).track_running_stats(false)));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"proj.weight parameter [out, in]",
                   "conv.weight parameter [out, in / g, 3, 3]",
                   "conv.bias parameter [out]"}));
}

TEST(BuiltinLayers, OptionsFromALocalVariableAndParameterFreeLayers) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    auto options = torch::nn::Conv2dOptions(3, 16, {3, 5}).bias(false);
    register_module("conv", torch::nn::Conv2d(options));
    register_module("act", torch::nn::ReLU());
    register_module("drop", torch::nn::Dropout(0.1));
    register_module("emb", torch::nn::Embedding(100, 16));
  }
};
)cpp");
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"conv.weight parameter [16, 3, 3, 5]",
                   "emb.weight parameter [100, 16]"}));
}

TEST(BuiltinLayers, RecurrentLayersPerLayerAndDirection) {
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    register_module("rnn", torch::nn::GRU(
        torch::nn::GRUOptions(8, 16).num_layers(2).bidirectional(true)));
  }
};
)cpp");
  std::vector<std::string> Keys = stateKeys(Result, "NetImpl");
  ASSERT_EQ(Keys.size(), 16u);
  EXPECT_EQ(Keys[0], "rnn.weight_ih_l0 parameter [48, 8]");
  EXPECT_EQ(Keys[15], "rnn.bias_hh_l1_reverse parameter [48]");
}

TEST(BuiltinLayers, OptionsSpeltAsAnOlderLibtorchReleaseDidAreReadInTodaysSpelling) {
  // libtorch < 1.4 called it with_bias; the installed one rejects the call.
  // The table's older spelling is read as `bias` where the compiler said
  // the member is missing, and the rest of the line keeps its columns.
  ScanResult Result = scanSource(R"cpp(
struct NetImpl : torch::nn::Module {
  NetImpl() {
    conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 8, 3).with_bias(false)));
    fc = register_module("fc", torch::nn::Linear(torch::nn::LinearOptions(8, 2).with_bias(true)));
  }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::Linear fc{nullptr};
};
)cpp");
  EXPECT_EQ(diagnostics(Result), Lines{});
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"conv.weight parameter [8, 1, 3, 3]", "fc.weight parameter [2, 8]",
                   "fc.bias parameter [2]"}));
}

TEST(BuiltinLayers, AProjectMemberNamedLikeAnOlderSpellingIsLeftAlone) {
  // Only libtorch's classes are read in today's spelling: the local, set
  // once, is read through its initialiser, with_bias and all.
  ScanResult Result = scanSource(R"cpp(
struct Settings {
  Settings &with_bias(bool On) { bias = On; return *this; }
  bool bias = true;
};
struct NetImpl : torch::nn::Module {
  NetImpl() {
    Settings settings = Settings().with_bias(false);
    fc = register_module("fc", torch::nn::Linear(torch::nn::LinearOptions(8, 2).bias(settings.bias)));
  }
  torch::nn::Linear fc{nullptr};
};
)cpp");
  EXPECT_EQ(diagnostics(Result), Lines{});
  EXPECT_EQ(stateKeys(Result, "NetImpl"),
            (Lines{"fc.weight parameter [2, 8]", "fc.bias parameter [2] if Settings().with_bias(false).bias"}));
}
