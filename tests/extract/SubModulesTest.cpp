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
  EXPECT_EQ(entries(Result, "ns::BlockImpl"),
            (Lines{"attn module type=ns::Attention class=ns::AttentionImpl",
                   "gamma parameter [ch]"}));
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
