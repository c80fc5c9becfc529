// The builtin layout table, interpreted without libtorch: one test per layer
// family and option. BuiltinLayoutsTorchTest checks the same table against
// the real layers.
#include "modelcompat/schema/BuiltinLayouts.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace modelcompat;

namespace {

/// One line per key: "name kind [shape] if condition dtype".
std::vector<std::string> describe(const std::vector<StateKey> &Keys) {
  std::vector<std::string> Lines;
  for (const StateKey &Key : Keys) {
    std::string Line = Key.Key + " " + entryKindName(Key.Kind) + " ";
    if (Key.Shape) {
      Line += "[";
      for (size_t I = 0; I < Key.Shape->size(); ++I)
        Line += (I ? ", " : "") + (*Key.Shape)[I];
      Line += "]";
    } else {
      Line += "?";
    }
    if (Key.Condition)
      Line += " if " + *Key.Condition;
    if (Key.Dtype)
      Line += " " + *Key.Dtype;
    Lines.push_back(Line);
  }
  return Lines;
}

std::vector<std::string> expand(const std::string &Layer, std::vector<std::string> Arguments,
                                std::map<std::string, std::string> Options = {}) {
  return describe(expandBuiltinLayer({Layer, std::move(Arguments), std::move(Options)}));
}

using Lines = std::vector<std::string>;

} // namespace

TEST(BuiltinLayerName, AcceptsHoldersImplsOptionsAndLeadingColons) {
  for (const char *Spelling :
       {"torch::nn::Conv2d", "torch::nn::Conv2dImpl", "torch::nn::Conv2dOptions",
        "torch::nn::ModuleHolder<torch::nn::Conv2dImpl>", "::torch::nn::Conv2d",
        "::torch::nn::ModuleHolder<::torch::nn::Conv2dImpl>",
        "std::shared_ptr<torch::nn::Conv2dImpl>", "torch::nn::ConvOptions<2>"})
    EXPECT_EQ(builtinLayerName(Spelling), std::optional<std::string>("Conv2d")) << Spelling;
  EXPECT_EQ(builtinLayerName("torch::nn::ConvTransposeOptions<3>"),
            std::optional<std::string>("ConvTranspose3d"));
  EXPECT_EQ(builtinLayerName("torch::nn::MaxPoolOptions<2>"),
            std::optional<std::string>("MaxPool2d"));
  EXPECT_EQ(builtinLayerName("torch::nn::SequentialImpl"),
            std::optional<std::string>("Sequential"));
  EXPECT_EQ(builtinLayerName("torch::nn::ModuleHolder<torch::nn::ModuleListImpl>"),
            std::optional<std::string>("ModuleList"));
  EXPECT_EQ(builtinLayerName("torch::nn::Functional"), std::optional<std::string>("Functional"));
}

TEST(BuiltinLayerName, RejectsUserTypesAndAmbiguousOptions) {
  EXPECT_EQ(builtinLayerName("fx::Conv2d"), std::nullopt);
  EXPECT_EQ(builtinLayerName("Conv2d"), std::nullopt);
  EXPECT_EQ(builtinLayerName("torch::nn::Module"), std::nullopt);
  EXPECT_EQ(builtinLayerName("torch::nn::Conv4d"), std::nullopt);
  EXPECT_EQ(builtinLayerName("torch::nn::detail::ConvNdOptions<2>"), std::nullopt);
  // BatchNorm{1,2,3}d share BatchNormOptions; the legacy layer is BatchNorm.
  EXPECT_EQ(builtinLayerName("torch::nn::BatchNormOptions"), std::nullopt);
  EXPECT_EQ(builtinLayerName("torch::nn::InstanceNormOptions"), std::nullopt);
  EXPECT_EQ(builtinLayerName("torch::nn::BatchNorm"), std::optional<std::string>("BatchNorm"));
}

TEST(BuiltinRole, ClassifiesLayersParameterFreeAndContainers) {
  EXPECT_EQ(builtinRole("Linear"), BuiltinRole::Layer);
  for (const char *Name :
       {"ReLU", "GELU", "Dropout", "Dropout2d", "MaxPool2d", "AvgPool2d", "Upsample", "Flatten",
        "Identity", "Softmax", "Functional", "CrossEntropyLoss"})
    EXPECT_EQ(builtinRole(Name), BuiltinRole::ParameterFree) << Name;
  for (const char *Name : {"Sequential", "ModuleList", "ModuleDict"})
    EXPECT_EQ(builtinRole(Name), BuiltinRole::Container) << Name;
  EXPECT_EQ(builtinRole("Conv4d"), std::nullopt);
  EXPECT_EQ(expand("ReLU", {}), Lines{});
  EXPECT_EQ(expand("Sequential", {}), Lines{});
  EXPECT_EQ(expand("Unknown", {"1"}), Lines{});
}

TEST(BuiltinLayerNames, ListsEveryLayerFamilyTheIssueNames) {
  std::vector<std::string> Names = builtinLayerNames();
  for (const char *Name : {"Linear",
                           "Bilinear",
                           "Conv1d",
                           "Conv2d",
                           "Conv3d",
                           "ConvTranspose1d",
                           "ConvTranspose2d",
                           "ConvTranspose3d",
                           "BatchNorm1d",
                           "BatchNorm2d",
                           "BatchNorm3d",
                           "InstanceNorm1d",
                           "InstanceNorm2d",
                           "InstanceNorm3d",
                           "GroupNorm",
                           "LayerNorm",
                           "Embedding",
                           "EmbeddingBag",
                           "MultiheadAttention",
                           "RNN",
                           "LSTM",
                           "GRU",
                           "TransformerEncoderLayer",
                           "TransformerDecoderLayer",
                           "Transformer",
                           "PReLU",
                           "BatchNorm"})
    EXPECT_NE(std::find(Names.begin(), Names.end(), Name), Names.end()) << Name;
  EXPECT_EQ(std::find(Names.begin(), Names.end(), "ReLU"), Names.end());
}

TEST(BuiltinLayouts, Linear) {
  EXPECT_EQ(expand("Linear", {"in", "out"}),
            (Lines{"weight parameter [out, in]", "bias parameter [out]"}));
  EXPECT_EQ(expand("Linear", {"ch", "ch * 4"}, {{"bias", "false"}}),
            (Lines{"weight parameter [ch * 4, ch]"}));
  for (StateKey Key : expandBuiltinLayer({"Linear", {"a", "b"}, {}}))
    EXPECT_EQ(Key.Layer, "torch::nn::Linear");
}

TEST(BuiltinLayouts, NonLiteralOptionBecomesTheCondition) {
  EXPECT_EQ(expand("Linear", {"in", "out"}, {{"bias", "use_bias"}}),
            (Lines{"weight parameter [out, in]", "bias parameter [out] if use_bias"}));
  EXPECT_EQ(expand("Linear", {"in", "out"}, {{"bias", "!opts.no_bias()"}}),
            (Lines{"weight parameter [out, in]", "bias parameter [out] if !opts.no_bias()"}));
}

TEST(BuiltinLayouts, OlderOptionSpellingsGiveTheSameLayout) {
  // libtorch < 1.5: LinearOptions/ConvOptions::with_bias, RNNOptions::layers.
  EXPECT_EQ(expand("Linear", {"in", "out"}, {{"with_bias", "false"}}),
            expand("Linear", {"in", "out"}, {{"bias", "false"}}));
  EXPECT_EQ(expand("Conv2d", {"in", "out", "3"}, {{"with_bias", "use_bias"}}),
            expand("Conv2d", {"in", "out", "3"}, {{"bias", "use_bias"}}));
  EXPECT_EQ(expand("ConvTranspose2d", {"in", "out", "3"}, {{"with_bias", "false"}}),
            expand("ConvTranspose2d", {"in", "out", "3"}, {{"bias", "false"}}));
  EXPECT_EQ(expand("LSTM", {"in", "h"}, {{"layers", "2"}, {"with_bias", "false"}}),
            expand("LSTM", {"in", "h"}, {{"num_layers", "2"}, {"bias", "false"}}));
  EXPECT_EQ(expand("GRU", {"in", "h"}, {{"layers", "3"}}),
            expand("GRU", {"in", "h"}, {{"num_layers", "3"}}));
}

TEST(BuiltinLayouts, LegacyBatchNormHasNoBatchCounter) {
  // torch::nn::BatchNorm before the 1d/2d/3d split registered no
  // num_batches_tracked: modernising it adds a key, it is not a spelling.
  EXPECT_EQ(expand("BatchNorm", {"c"}),
            (Lines{"weight parameter [c]", "bias parameter [c]", "running_mean buffer [c]",
                   "running_var buffer [c]"}));
}

TEST(BuiltinLayouts, Bilinear) {
  EXPECT_EQ(expand("Bilinear", {"a", "b", "c"}),
            (Lines{"weight parameter [c, a, b]", "bias parameter [c]"}));
  EXPECT_EQ(expand("Bilinear", {"a", "b", "c"}, {{"bias", "false"}}),
            (Lines{"weight parameter [c, a, b]"}));
}

TEST(BuiltinLayouts, ConvExpandsAScalarKernelToEveryDimension) {
  EXPECT_EQ(expand("Conv2d", {"in", "out", "3"}),
            (Lines{"weight parameter [out, in, 3, 3]", "bias parameter [out]"}));
  EXPECT_EQ(expand("Conv2d", {"in", "out", "k"}),
            (Lines{"weight parameter [out, in, k, k]", "bias parameter [out]"}));
  EXPECT_EQ(expand("Conv1d", {"in", "out", "5"}),
            (Lines{"weight parameter [out, in, 5]", "bias parameter [out]"}));
  EXPECT_EQ(expand("Conv3d", {"in", "out", "{1, 3, 3}"}),
            (Lines{"weight parameter [out, in, 1, 3, 3]", "bias parameter [out]"}));
}

TEST(BuiltinLayouts, ConvKernelList) {
  EXPECT_EQ(expand("Conv2d", {"in", "out", "{3, 5}"}),
            (Lines{"weight parameter [out, in, 3, 5]", "bias parameter [out]"}));
  EXPECT_EQ(expand("Conv2d", {"in", "out", "{k, 2*k}"})[0], "weight parameter [out, in, k, 2 * k]");
  // A list of the wrong length is not an ExpandingArray<2>: shape unknown.
  EXPECT_EQ(expand("Conv2d", {"in", "out", "{3, 5, 7}"})[0], "weight parameter ?");
}

TEST(BuiltinLayouts, ConvGroupsAndBias) {
  EXPECT_EQ(expand("Conv2d", {"in", "out", "3"}, {{"groups", "g"}}),
            (Lines{"weight parameter [out, in / g, 3, 3]", "bias parameter [out]"}));
  EXPECT_EQ(expand("Conv2d", {"8", "16", "3"}, {{"groups", "4"}, {"bias", "false"}}),
            (Lines{"weight parameter [16, 2, 3, 3]"}));
  EXPECT_EQ(expand("Conv2d", {"in", "out", "3"}, {{"groups", "1"}})[0],
            "weight parameter [out, in, 3, 3]");
  EXPECT_EQ(expand("Conv2d", {"in", "out", "3"}, {{"stride", "2"}, {"padding", "1"}}),
            (Lines{"weight parameter [out, in, 3, 3]", "bias parameter [out]"}));
}

TEST(BuiltinLayouts, ConvTransposeSwapsChannels) {
  EXPECT_EQ(expand("ConvTranspose2d", {"in", "out", "4"}, {{"groups", "g"}}),
            (Lines{"weight parameter [in, out / g, 4, 4]", "bias parameter [out]"}));
  EXPECT_EQ(expand("ConvTranspose1d", {"in", "out", "4"}, {{"bias", "false"}}),
            (Lines{"weight parameter [in, out, 4]"}));
  EXPECT_EQ(expand("ConvTranspose3d", {"in", "out", "{2, 4, 4}"})[0],
            "weight parameter [in, out, 2, 4, 4]");
}

TEST(BuiltinLayouts, BatchNormTracksBatchesAsLong) {
  Lines Full{"weight parameter [c]", "bias parameter [c]", "running_mean buffer [c]",
             "running_var buffer [c]", "num_batches_tracked buffer [] torch::kLong"};
  EXPECT_EQ(expand("BatchNorm1d", {"c"}), Full);
  EXPECT_EQ(expand("BatchNorm2d", {"c"}), Full);
  EXPECT_EQ(expand("BatchNorm3d", {"c"}), Full);
}

TEST(BuiltinLayouts, BatchNormAffineAndTrackRunningStats) {
  EXPECT_EQ(expand("BatchNorm2d", {"c"}, {{"affine", "false"}}),
            (Lines{"running_mean buffer [c]", "running_var buffer [c]",
                   "num_batches_tracked buffer [] torch::kLong"}));
  EXPECT_EQ(expand("BatchNorm2d", {"c"}, {{"track_running_stats", "false"}}),
            (Lines{"weight parameter [c]", "bias parameter [c]"}));
  EXPECT_EQ(expand("BatchNorm2d", {"c"}, {{"track_running_stats", "track"}}),
            (Lines{"weight parameter [c]", "bias parameter [c]", "running_mean buffer [c] if track",
                   "running_var buffer [c] if track",
                   "num_batches_tracked buffer [] if track torch::kLong"}));
}

TEST(BuiltinLayouts, LegacyBatchNorm) {
  EXPECT_EQ(expand("BatchNorm", {"c"}),
            (Lines{"weight parameter [c]", "bias parameter [c]", "running_mean buffer [c]",
                   "running_var buffer [c]"}));
  EXPECT_EQ(expand("BatchNorm", {"c"}, {{"stateful", "false"}}),
            (Lines{"weight parameter [c]", "bias parameter [c]"}));
}

TEST(BuiltinLayouts, InstanceNormStateIsOffByDefault) {
  EXPECT_EQ(expand("InstanceNorm2d", {"c"}), Lines{});
  EXPECT_EQ(expand("InstanceNorm1d", {"c"}, {{"affine", "true"}}),
            (Lines{"weight parameter [c]", "bias parameter [c]"}));
  EXPECT_EQ(expand("InstanceNorm3d", {"c"}, {{"track_running_stats", "stats"}}),
            (Lines{"running_mean buffer [c] if stats", "running_var buffer [c] if stats",
                   "num_batches_tracked buffer [] if stats torch::kLong"}));
}

TEST(BuiltinLayouts, GroupNorm) {
  EXPECT_EQ(expand("GroupNorm", {"32", "ch"}),
            (Lines{"weight parameter [ch]", "bias parameter [ch]"}));
  EXPECT_EQ(expand("GroupNorm", {"32", "ch"}, {{"affine", "false"}}), Lines{});
}

TEST(BuiltinLayouts, LayerNormSpreadsTheNormalizedShape) {
  EXPECT_EQ(expand("LayerNorm", {"{d}"}), (Lines{"weight parameter [d]", "bias parameter [d]"}));
  EXPECT_EQ(expand("LayerNorm", {"std::vector<int64_t>{h, w}"}),
            (Lines{"weight parameter [h, w]", "bias parameter [h, w]"}));
  EXPECT_EQ(expand("LayerNorm", {"shape"}), (Lines{"weight parameter ?", "bias parameter ?"}));
  EXPECT_EQ(expand("LayerNorm", {"{d}"}, {{"elementwise_affine", "false"}}), Lines{});
}

TEST(BuiltinLayouts, EmbeddingAndEmbeddingBag) {
  EXPECT_EQ(expand("Embedding", {"vocab", "dim"}), Lines{"weight parameter [vocab, dim]"});
  EXPECT_EQ(expand("Embedding", {"vocab", "dim"}, {{"padding_idx", "0"}}),
            Lines{"weight parameter [vocab, dim]"});
  EXPECT_EQ(expand("EmbeddingBag", {"10", "3"}), Lines{"weight parameter [10, 3]"});
}

TEST(BuiltinLayouts, PReLU) {
  EXPECT_EQ(expand("PReLU", {}), Lines{"weight parameter [1]"});
  EXPECT_EQ(expand("PReLU", {}, {{"num_parameters", "ch"}}), Lines{"weight parameter [ch]"});
}

TEST(BuiltinLayouts, MultiheadAttentionPacksProjections) {
  EXPECT_EQ(expand("MultiheadAttention", {"d", "heads"}),
            (Lines{"in_proj_weight parameter [3 * d, d]", "in_proj_bias parameter [3 * d]",
                   "out_proj.weight parameter [d, d]", "out_proj.bias parameter [d]"}));
  EXPECT_EQ(expand("MultiheadAttention", {"16", "4"}, {{"bias", "false"}}),
            (Lines{"in_proj_weight parameter [48, 16]", "out_proj.weight parameter [16, 16]"}));
  std::vector<StateKey> Keys = expandBuiltinLayer({"MultiheadAttention", {"d", "h"}, {}});
  EXPECT_EQ(Keys.back().Layer, "torch::nn::Linear");
  EXPECT_EQ(Keys.front().Layer, "torch::nn::MultiheadAttention");
}

TEST(BuiltinLayouts, MultiheadAttentionSeparateProjectionsForOtherKeyDims) {
  EXPECT_EQ(expand("MultiheadAttention", {"16", "4"},
                   {{"kdim", "8"}, {"vdim", "12"}, {"add_bias_kv", "true"}}),
            (Lines{"q_proj_weight parameter [16, 16]", "k_proj_weight parameter [16, 8]",
                   "v_proj_weight parameter [16, 12]", "in_proj_bias parameter [48]",
                   "bias_k parameter [1, 1, 16]", "bias_v parameter [1, 1, 16]",
                   "out_proj.weight parameter [16, 16]", "out_proj.bias parameter [16]"}));
  EXPECT_EQ(expand("MultiheadAttention", {"d", "h"}, {{"kdim", "d"}}),
            expand("MultiheadAttention", {"d", "h"}));
  EXPECT_EQ(
      expand("MultiheadAttention", {"d", "h"}, {{"kdim", "kd"}, {"bias", "b"}}),
      (Lines{"in_proj_weight parameter [3 * d, d] if kd == d",
             "q_proj_weight parameter [d, d] if kd != d",
             "k_proj_weight parameter [d, kd] if kd != d",
             "v_proj_weight parameter [d, d] if kd != d", "in_proj_bias parameter [3 * d] if b",
             "out_proj.weight parameter [d, d]", "out_proj.bias parameter [d] if b"}));
}

TEST(BuiltinLayouts, RecurrentLayersUnrollConstantLayers) {
  EXPECT_EQ(expand("GRU", {"in", "h"}, {{"num_layers", "2"}}),
            (Lines{"weight_ih_l0 parameter [3 * h, in]", "weight_hh_l0 parameter [3 * h, h]",
                   "bias_ih_l0 parameter [3 * h]", "bias_hh_l0 parameter [3 * h]",
                   "weight_ih_l1 parameter [3 * h, h]", "weight_hh_l1 parameter [3 * h, h]",
                   "bias_ih_l1 parameter [3 * h]", "bias_hh_l1 parameter [3 * h]"}));
  EXPECT_EQ(expand("RNN", {"4", "8"}, {{"bias", "false"}}),
            (Lines{"weight_ih_l0 parameter [8, 4]", "weight_hh_l0 parameter [8, 8]"}));
}

TEST(BuiltinLayouts, RecurrentLayersBidirectional) {
  EXPECT_EQ(
      expand("LSTM", {"4", "8"},
             {{"num_layers", "2"}, {"bidirectional", "true"}, {"bias", "false"}}),
      (Lines{"weight_ih_l0 parameter [32, 4]", "weight_hh_l0 parameter [32, 8]",
             "weight_ih_l0_reverse parameter [32, 4]", "weight_hh_l0_reverse parameter [32, 8]",
             "weight_ih_l1 parameter [32, 16]", "weight_hh_l1 parameter [32, 8]",
             "weight_ih_l1_reverse parameter [32, 16]", "weight_hh_l1_reverse parameter [32, 8]"}));
  EXPECT_EQ(expand("RNN", {"in", "h"}, {{"bidirectional", "bi"}, {"num_layers", "2"}})[4],
            "weight_ih_l0_reverse parameter [h, in] if bi");
  EXPECT_EQ(expand("RNN", {"in", "h"}, {{"bidirectional", "bi"}, {"num_layers", "2"}})[8],
            "weight_ih_l1 parameter [h, h * (bi ? 2 : 1)]");
}

TEST(BuiltinLayouts, RecurrentLayersKeepAPlaceholderForUnknownLayerCounts) {
  EXPECT_EQ(expand("GRU", {"in", "h"}, {{"num_layers", "n"}}),
            (Lines{"weight_ih_l{layer} parameter [3 * h, layer == 0 ? in : h]",
                   "weight_hh_l{layer} parameter [3 * h, h]", "bias_ih_l{layer} parameter [3 * h]",
                   "bias_hh_l{layer} parameter [3 * h]"}));
}

TEST(BuiltinLayouts, LSTMProjection) {
  EXPECT_EQ(expand("LSTM", {"in", "h"}, {{"proj_size", "p"}}),
            (Lines{"weight_ih_l0 parameter [4 * h, in]",
                   "weight_hh_l0 parameter [4 * h, p > 0 ? p : h]", "bias_ih_l0 parameter [4 * h]",
                   "bias_hh_l0 parameter [4 * h]", "weight_hr_l0 parameter [p, h] if p > 0"}));
  EXPECT_EQ(expand("LSTM", {"4", "8"}, {{"proj_size", "3"}, {"num_layers", "2"}})[5],
            "weight_ih_l1 parameter [32, 3]");
}

TEST(BuiltinLayouts, RecurrentCells) {
  EXPECT_EQ(expand("LSTMCell", {"in", "h"}),
            (Lines{"weight_ih parameter [4 * h, in]", "weight_hh parameter [4 * h, h]",
                   "bias_ih parameter [4 * h]", "bias_hh parameter [4 * h]"}));
  EXPECT_EQ(expand("GRUCell", {"in", "h"}, {{"bias", "false"}}),
            (Lines{"weight_ih parameter [3 * h, in]", "weight_hh parameter [3 * h, h]"}));
  EXPECT_EQ(expand("RNNCell", {"in", "h"})[0], "weight_ih parameter [h, in]");
}

TEST(BuiltinLayouts, TransformerEncoderLayerNestsItsSublayers) {
  EXPECT_EQ(
      expand("TransformerEncoderLayer", {"d", "8"}),
      (Lines{"self_attn.in_proj_weight parameter [3 * d, d]",
             "self_attn.in_proj_bias parameter [3 * d]",
             "self_attn.out_proj.weight parameter [d, d]", "self_attn.out_proj.bias parameter [d]",
             "linear1.weight parameter [2048, d]", "linear1.bias parameter [2048]",
             "linear2.weight parameter [d, 2048]", "linear2.bias parameter [d]",
             "norm1.weight parameter [d]", "norm1.bias parameter [d]", "norm2.weight parameter [d]",
             "norm2.bias parameter [d]"}));
  std::vector<StateKey> Keys =
      expandBuiltinLayer({"TransformerEncoderLayer", {"d", "8"}, {{"dim_feedforward", "ff"}}});
  EXPECT_EQ(*Keys[4].Shape, (SymbolicShape{"ff", "d"}));
  EXPECT_EQ(Keys[0].Layer, "torch::nn::MultiheadAttention");
  EXPECT_EQ(Keys[4].Layer, "torch::nn::Linear");
  EXPECT_EQ(Keys[8].Layer, "torch::nn::LayerNorm");
}

TEST(BuiltinLayouts, TransformerDecoderLayerHasCrossAttentionAndThreeNorms) {
  Lines Keys = expand("TransformerDecoderLayer", {"512", "8"});
  ASSERT_EQ(Keys.size(), 18u);
  EXPECT_EQ(Keys[4], "multihead_attn.in_proj_weight parameter [1536, 512]");
  EXPECT_EQ(Keys[16], "norm3.weight parameter [512]");
}

TEST(BuiltinLayouts, TransformerBuildsItsEncoderAndDecoderStacks) {
  Lines Keys = expand("Transformer", {"d", "h", "2", "1"}, {{"dim_feedforward", "ff"}});
  // Two encoder layers of 12 keys and a norm, one decoder layer of 18 and a norm.
  ASSERT_EQ(Keys.size(), 2 * 12 + 2 + 18 + 2u);
  EXPECT_EQ(Keys[0], "encoder.layers.0.self_attn.in_proj_weight parameter [3 * d, d]");
  EXPECT_EQ(Keys[16], "encoder.layers.1.linear1.weight parameter [ff, d]");
  EXPECT_EQ(Keys[24], "encoder.norm.weight parameter [d]");
  EXPECT_EQ(Keys[30], "decoder.layers.0.multihead_attn.in_proj_weight parameter [3 * d, d]");
  EXPECT_EQ(Keys.back(), "decoder.norm.bias parameter [d]");
  // The defaults: six layers each way, d_model 512.
  EXPECT_EQ(expand("Transformer", {}).size(), 6 * 12 + 2 + 6 * 18 + 2u);
  EXPECT_EQ(expand("Transformer", {})[0],
            "encoder.layers.0.self_attn.in_proj_weight parameter [1536, 512]");
}

TEST(BuiltinLayouts, TransformerGivenItsOwnEncoderOrDecoderIsNotClaimed) {
  EXPECT_EQ(expand("Transformer", {"16", "4"}, {{"custom_encoder", "encoder"}}), Lines{});
  EXPECT_EQ(expand("Transformer", {"16", "4"}, {{"custom_decoder", "decoder"}}), Lines{});
}

TEST(TorchRelease, ParsesMajorAndMinorOfAVersionString) {
  EXPECT_EQ(parseTorchRelease("2.6.0+debian"), (TorchRelease{2, 6}));
  EXPECT_EQ(parseTorchRelease("1.13"), (TorchRelease{1, 13}));
  EXPECT_EQ(parseTorchRelease("1.13.1"), (TorchRelease{1, 13}));
  EXPECT_TRUE((TorchRelease{1, 13}) < (TorchRelease{2, 6}));
  EXPECT_TRUE((TorchRelease{1, 5}) < (TorchRelease{1, 13})) << "minor compares as a number";
  for (const char *Bad : {"", "2", "2.", ".6", "two.six", "1234567.0"})
    EXPECT_EQ(parseTorchRelease(Bad), std::nullopt) << Bad;
}

TEST(BuiltinLayouts, EntriesHoldForTheReleasesTheTableGives) {
  // Legacy BatchNorm was split into BatchNorm1d/2d/3d in libtorch 1.5. Code
  // that still names it was written for an older release; parsed against
  // 1.13 (where recovery declares it), it keeps the layout it had.
  LayerCall Legacy{"BatchNorm", {"8"}, {}};
  EXPECT_EQ(describe(expandBuiltinLayer(Legacy, TorchRelease{1, 4})).size(), 4u);
  EXPECT_EQ(describe(expandBuiltinLayer(Legacy, TorchRelease{1, 13})).size(), 4u);
  EXPECT_EQ(describe(expandBuiltinLayer(Legacy)).size(), 4u) << "no release: the newest record";
  EXPECT_TRUE(builtinExistsIn("BatchNorm", {1, 4}));
  EXPECT_FALSE(builtinExistsIn("BatchNorm", {1, 5}));
  EXPECT_FALSE(builtinExistsIn("FeatureDropout", {2, 6}));
  EXPECT_TRUE(builtinExistsIn("FeatureDropout", {1, 3}));
  EXPECT_TRUE(builtinExistsIn("Linear", {2, 6}));
  EXPECT_FALSE(builtinExistsIn("Conv4d", {2, 6}));
  // The role does not depend on the release: an older release's layer is
  // still recognised in code written for it.
  EXPECT_EQ(builtinRole("FeatureDropout"), BuiltinRole::ParameterFree);
}

TEST(BuiltinLayouts, MissingArgumentsLeaveShapesUnknown) {
  EXPECT_EQ(expand("Linear", {"in"}), (Lines{"weight parameter ?", "bias parameter ?"}));
  EXPECT_EQ(
      expand("Conv2d", {}, {{"in_channels", "a"}, {"out_channels", "b"}, {"kernel_size", "1"}}),
      (Lines{"weight parameter [b, a, 1, 1]", "bias parameter [b]"}));
}

TEST(BuiltinLayouts, ArgumentsAreNormalised) {
  EXPECT_EQ(expand("Linear", {"2*  4", "ch/1"}),
            (Lines{"weight parameter [ch, 8]", "bias parameter [ch]"}));
  EXPECT_EQ(expand("Conv2d", {"a+b", "c", "3"}, {{"groups", "g"}})[0],
            "weight parameter [c, (a + b) / g, 3, 3]");
}

TEST(BuiltinLayouts, ALayerOverItsOwnNamesIsWhatAClassInheritingItsConstructorsHolds) {
  EXPECT_EQ(describe(expandBuiltinLayerOverItsNames("Conv2d", std::nullopt)),
            (Lines{"weight parameter [out_channels, in_channels / groups, kernel_size[0], "
                   "kernel_size[1]]",
                   "bias parameter [out_channels] if bias"}));
  EXPECT_EQ(describe(expandBuiltinLayerOverItsNames("Linear", std::nullopt)),
            (Lines{"weight parameter [out_features, in_features]",
                   "bias parameter [out_features] if bias"}));
  // A vector's length is the caller's: the shapes spread over it are unknown.
  EXPECT_EQ(describe(expandBuiltinLayerOverItsNames("LayerNorm", std::nullopt)),
            (Lines{"weight parameter ? if elementwise_affine",
                   "bias parameter ? if elementwise_affine"}));
  EXPECT_TRUE(expandBuiltinLayerOverItsNames("ReLU", std::nullopt).empty());
  EXPECT_TRUE(expandBuiltinLayerOverItsNames("NoSuchLayer", std::nullopt).empty());
}

TEST(BuiltinLayouts, ACallGivesEveryNameOfTheLayerDefaultsAndArraysIncluded) {
  EXPECT_EQ(
      builtinLayerArguments({"Conv2d", {"3", "8", "3"}, {{"with_bias", "false"}}}, std::nullopt),
      (ConstructorArguments{{"in_channels", "3"},
                            {"out_channels", "8"},
                            {"kernel_size", "{3, 3}"},
                            {"groups", "1"},
                            {"bias", "false"}}));
  // A required argument the call lacks is left to the class's own name.
  EXPECT_EQ(builtinLayerArguments({"Linear", {"in"}, {}}, std::nullopt),
            (ConstructorArguments{{"in_features", "in"}, {"bias", "true"}}));
  EXPECT_TRUE(builtinLayerArguments({"ReLU", {}, {}}, std::nullopt).empty());
}
