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
            (Lines{"proj.weight parameter [out, in]", "conv.weight parameter [out, in / g, 3, 3]",
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
            (Lines{"conv.weight parameter [16, 3, 3, 5]", "emb.weight parameter [100, 16]"}));
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
            (Lines{"fc.weight parameter [2, 8]",
                   "fc.bias parameter [2] if Settings().with_bias(false).bias"}));
}

TEST(BuiltinLayers, ATransformerBuiltFromItsOptionsHasItsEncoderAndDecoderStacks) {
  // libtorch 2.x model code: a whole nn::Transformer from its options.
  ScanResult Result = scanSource(R"cpp(
struct TranslatorImpl : torch::nn::Module {
  TranslatorImpl(int64_t d_model, int64_t heads) {
    transformer = register_module("transformer", torch::nn::Transformer(
        torch::nn::TransformerOptions(d_model, heads, 2, 1).dim_feedforward(4 * d_model)));
  }
  torch::nn::Transformer transformer{nullptr};
};
)cpp");
  std::vector<std::string> Keys = stateKeys(Result, "TranslatorImpl");
  ASSERT_EQ(Keys.size(), 2 * 12 + 2 + 18 + 2u);
  EXPECT_EQ(
      Keys[0],
      "transformer.encoder.layers.0.self_attn.in_proj_weight parameter [3 * d_model, d_model]");
  EXPECT_EQ(Keys[16],
            "transformer.encoder.layers.1.linear1.weight parameter [4 * d_model, d_model]");
  EXPECT_EQ(Keys[24], "transformer.encoder.norm.weight parameter [d_model]");
  EXPECT_EQ(Keys.back(), "transformer.decoder.norm.bias parameter [d_model]");
}

TEST(BuiltinLayers, ProjectedLSTMAndInstanceNormThatTracksItsStatistics) {
  ScanResult Result = scanSource(R"cpp(
struct SpeakerImpl : torch::nn::Module {
  SpeakerImpl() {
    norm = register_module("norm", torch::nn::InstanceNorm1d(
        torch::nn::InstanceNorm1dOptions(40).track_running_stats(true)));
    lstm = register_module("lstm", torch::nn::LSTM(
        torch::nn::LSTMOptions(40, 256).num_layers(2).proj_size(64)));
  }
  torch::nn::InstanceNorm1d norm{nullptr};
  torch::nn::LSTM lstm{nullptr};
};
)cpp");
  EXPECT_EQ(
      stateKeys(Result, "SpeakerImpl"),
      (Lines{"norm.running_mean buffer [40]", "norm.running_var buffer [40]",
             "norm.num_batches_tracked buffer [] dtype=torch::kLong",
             "lstm.weight_ih_l0 parameter [1024, 40]", "lstm.weight_hh_l0 parameter [1024, 64]",
             "lstm.bias_ih_l0 parameter [1024]", "lstm.bias_hh_l0 parameter [1024]",
             "lstm.weight_hr_l0 parameter [64, 256]", "lstm.weight_ih_l1 parameter [1024, 64]",
             "lstm.weight_hh_l1 parameter [1024, 64]", "lstm.bias_ih_l1 parameter [1024]",
             "lstm.bias_hh_l1 parameter [1024]", "lstm.weight_hr_l1 parameter [64, 256]"}));
}
