//===- RealHeadersTest.cpp - Scans against libtorch's real headers --------===//
//
// The unit tests use the stub <torch/torch.h>; this tier proves the analyzer
// reads the real headers the same way: one rich source is scanned with the
// real headers (once, shared), with the stub (parity), and again through a
// precompiled libtorch in a cache directory (same schema).
//
//===----------------------------------------------------------------------===//
#include "support/StubTorch.h"
#include "support/TempDirectory.h"

#include "modelcompat/extract/Scanner.h"
#include "modelcompat/schema/SchemaJson.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

const char *const RichSource = R"cpp(#include <torch/torch.h>
#include <string>
#include <vector>

namespace zoo {

constexpr const char *kScale = "scale";
constexpr int kLevels = 2;

class ResBlockImpl : public torch::nn::Cloneable<ResBlockImpl> {
 public:
  ResBlockImpl(int64_t ch, int64_t groups) : ch_(ch), groups_(groups) { reset(); }
  void reset() override {
    conv = register_module("conv", torch::nn::Conv2d(
        torch::nn::Conv2dOptions(ch_, ch_, 3).groups(groups_).bias(false)));
    bn = register_module("bn", torch::nn::BatchNorm2d(ch_));
    register_parameter("bias", {}, false);
  }
  int64_t ch_, groups_;
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};
};
TORCH_MODULE(ResBlock);

struct NetImpl : torch::nn::Module {
  NetImpl(int64_t ch, int64_t depth, bool use_head) {
    stem = register_module("stem", torch::nn::Sequential(
        torch::nn::Conv2d(3, ch, 7), torch::nn::ReLU()));
    for (int i = 0; i < kLevels; ++i)
      register_module("down" + std::to_string(i), ResBlock(ch, 4));
    blocks = register_module("blocks", torch::nn::ModuleList());
    for (int64_t i = 0; i < depth; ++i)
      blocks->push_back(ResBlock(ch, 1));
    rnn = register_module("rnn", torch::nn::LSTM(
        torch::nn::LSTMOptions(ch, ch).num_layers(1).bidirectional(true)));
    emb = register_module("emb", torch::nn::Embedding(1000, ch));
    if (use_head)
      head = register_module("head", torch::nn::Linear(
          torch::nn::LinearOptions(ch, 10).bias(false)));
    register_buffer(kScale, torch::ones({1}));
    register_buffer("steps", torch::zeros({1}, torch::kLong));
    register_parameter("pos", torch::randn({depth, ch}) * 0.02);
  }
  torch::nn::Sequential stem{nullptr};
  torch::nn::ModuleList blocks{nullptr};
  torch::nn::LSTM rnn{nullptr};
  torch::nn::Embedding emb{nullptr};
  torch::nn::Linear head{nullptr};
};
TORCH_MODULE(Net);

} // namespace zoo
)cpp";

SourceTree richTree() {
  SourceTree Tree;
  Tree.Files.push_back({"zoo/net.cpp", RichSource, ""});
  return Tree;
}

/// The scan with the real headers, parsed once for the whole binary.
const ScanResult &realScan() {
  static const ScanResult Result = scanTree(richTree(), {}, ScanOptions{});
  return Result;
}

std::string json(const ScanResult &Result) { return scanResultToJson(Result).dump(1); }

std::vector<std::string> keysOf(const ScanResult &Result, const std::string &Class) {
  std::vector<std::string> Keys;
  for (const ModuleSchema &Module : Result.Modules)
    if (Module.ClassName == Class)
      for (const StateKey &Key : Module.StateDict) {
        std::string Line = Key.Key + " " + entryKindName(Key.Kind);
        if (Key.Shape) {
          Line += " [";
          for (size_t I = 0; I < Key.Shape->size(); ++I)
            Line += (I ? ", " : "") + (*Key.Shape)[I];
          Line += "]";
        }
        if (Key.Condition)
          Line += " if " + *Key.Condition;
        Keys.push_back(Line);
      }
  return Keys;
}

} // namespace

TEST(RealHeaders, ScansTheRichSourceWithoutErrors) {
  const ScanResult &Result = realScan();
  for (const Diagnostic &Diag : Result.Diagnostics)
    ADD_FAILURE() << Diag.File << ":" << Diag.Line << ": " << Diag.Message;
  EXPECT_TRUE(Result.FilesWithErrors.empty());
  ASSERT_EQ(Result.Modules.size(), 2u);
  EXPECT_EQ(Result.Modules[0].ClassName, "zoo::NetImpl");
  EXPECT_EQ(Result.Modules[0].Holder, std::optional<std::string>("zoo::Net"));
  EXPECT_EQ(Result.Modules[1].ClassName, "zoo::ResBlockImpl");
  EXPECT_EQ(keysOf(Result, "zoo::ResBlockImpl"),
            (std::vector<std::string>{"conv.weight parameter [ch_, ch_ / groups_, 3, 3]",
                                      "bn.weight parameter [ch_]", "bn.bias parameter [ch_]",
                                      "bn.running_mean buffer [ch_]", "bn.running_var buffer [ch_]",
                                      "bn.num_batches_tracked buffer []"}));
  std::vector<std::string> Net = keysOf(Result, "zoo::NetImpl");
  // stem 2, down0/down1 6 each, blocks.{i} 6, rnn 8, emb 1, head 1, 3 tensors.
  ASSERT_EQ(Net.size(), 33u) << testing::PrintToString(Net);
  EXPECT_EQ(Net[0], "stem.0.weight parameter [ch, 3, 7, 7]");
  EXPECT_EQ(Net[2], "down0.conv.weight parameter [ch_, ch_ / groups_, 3, 3]");
  EXPECT_EQ(Net[8], "down1.conv.weight parameter [ch_, ch_ / groups_, 3, 3]");
  EXPECT_EQ(Net[14], "blocks.{i}.conv.weight parameter [ch_, ch_ / groups_, 3, 3]");
  EXPECT_EQ(Net[20], "rnn.weight_ih_l0 parameter [4 * ch, ch]");
  EXPECT_EQ(Net[28], "emb.weight parameter [1000, ch]");
  EXPECT_EQ(Net[29], "head.weight parameter [10, ch] if use_head");
  EXPECT_EQ(Net[30], "scale buffer [1]");
  EXPECT_EQ(Net[31], "steps buffer [1]");
  EXPECT_EQ(Net[32], "pos parameter [depth, ch]");
}

TEST(RealHeaders, StubTorchGivesTheSameSchema) {
  ScanOptions Stub;
  Stub.ExtraArgs = {modelcompat::test::stubTorchFlag()};
  EXPECT_EQ(json(scanTree(richTree(), {}, Stub)), json(realScan()));
}

TEST(RealHeaders, PrecompiledLibtorchGivesTheSameSchema) {
  TempDirectory Cache;
  ScanOptions Cached;
  Cached.CacheDir = Cache.file("pch");
  ScanResult First = scanTree(richTree(), {}, Cached);  // builds the PCH
  ScanResult Second = scanTree(richTree(), {}, Cached); // loads it
  EXPECT_EQ(json(First), json(realScan()));
  EXPECT_EQ(json(Second), json(realScan()));
}
