// MigrationScope: the operations generated C++ migrations call, on one
// instance of a state dict; provenance, consumed/dropped records, errors and
// idempotence per operation.
#include "modelcompat/runtime/Migration.h"
#include "modelcompat/support/Error.h"
#include "support/ErrorText.h"

#include <gtest/gtest.h>

using namespace modelcompat;

using modelcompat::test::errorOf;

namespace {

StateDict blockDict(const std::string &Prefix = "") {
  StateDict Dict;
  Dict.set(Prefix + "qkv.weight", torch::arange(24, torch::kFloat).reshape({6, 4}));
  Dict.set(Prefix + "proj_attn.weight", torch::full({4, 4}, 2.0));
  Dict.set(Prefix + "proj_attn.bias", torch::full({4}, 3.0));
  Dict.set(Prefix + "heads.0.proj.bias", torch::full({2}, 0.5));
  Dict.set(Prefix + "heads.1.proj.bias", torch::full({2}, 1.5));
  Dict.set(Prefix + "background", torch::zeros({3}));
  return Dict;
}

} // namespace

TEST(MigrationScope, RenameMovesTheTensorAndRecordsProvenance) {
  StateDict Dict = blockDict("enc.3.");
  torch::Tensor Before = Dict.find("enc.3.proj_attn.weight")->Value;
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "enc.3.", nullptr, "m@a..b");
  Scope.rename("proj_attn.weight", "attn.out_proj.weight");
  EXPECT_FALSE(Dict.contains("enc.3.proj_attn.weight"));
  const StateDictItem *Item = Dict.find("enc.3.attn.out_proj.weight");
  ASSERT_NE(Item, nullptr);
  EXPECT_TRUE(Item->Value.is_same(Before));
  EXPECT_EQ(Item->Origin.describe(), "copied(enc.3.proj_attn.weight)");
  EXPECT_EQ(Record.Consumed, (std::set<std::string>{"enc.3.proj_attn.weight"}));
  EXPECT_EQ(Record.ProducedBy.at("enc.3.attn.out_proj.weight"), "m@a..b");
  EXPECT_EQ(Scope.changes(), 1u);
}

TEST(MigrationScope, RenameChainsKeepTheOriginalKeyInProvenance) {
  StateDict Dict = blockDict();
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "", nullptr, "m@a..b");
  Scope.rename("proj_attn.bias", "proj_out.bias");
  Scope.rename("proj_out.bias", "attn.out_proj.bias");
  EXPECT_EQ(Dict.find("attn.out_proj.bias")->Origin.describe(), "copied(proj_attn.bias)");
}

TEST(MigrationScope, RenameIsANoOpWhenAlreadyDone) {
  StateDict Dict = blockDict();
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "", nullptr, "m@a..b");
  Scope.rename("proj_attn.bias", "out.bias");
  Scope.rename("proj_attn.bias", "out.bias");
  EXPECT_EQ(Scope.changes(), 1u);
  EXPECT_EQ(Record.Notices, (std::vector<std::string>{"migration 'm@a..b' at the root: "
                                                      "'proj_attn.bias' already renamed to "
                                                      "'out.bias'; nothing to do"}));
}

TEST(MigrationScope, RenameErrorsNameBothKeys) {
  StateDict Dict = blockDict("blocks.1.");
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "blocks.1.", nullptr, "m@a..b");
  EXPECT_EQ(errorOf([&] { Scope.rename("proj_attn.bias", "background"); }),
            "migration 'm@a..b' at 'blocks.1': cannot rename "
            "'blocks.1.proj_attn.bias' to 'blocks.1.background': "
            "'blocks.1.background' is already taken");
  EXPECT_EQ(errorOf([&] { Scope.rename("nope.weight", "new.weight"); }),
            "migration 'm@a..b' at 'blocks.1': cannot rename "
            "'blocks.1.nope.weight' to 'blocks.1.new.weight': the state dict "
            "has neither key");
}

TEST(MigrationScope, InitNeedsTheNewModelAndNeverOverwrites) {
  torch::nn::Linear NewModel(4, 2);
  StateDict Dict;
  Dict.set("bias", torch::full({2}, 7.0));
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "", NewModel.get(), "m@a..b");
  Scope.initZeros("weight");
  Scope.initOnes("bias");
  EXPECT_TRUE(torch::equal(Dict.find("weight")->Value, torch::zeros({2, 4})));
  EXPECT_EQ(Dict.find("weight")->Origin.describe(), "initialised(zeros)");
  EXPECT_TRUE(torch::equal(Dict.find("bias")->Value, torch::full({2}, 7.0)));
  EXPECT_EQ(Dict.find("bias")->Origin.describe(), "untouched");

  StateDict Fresh;
  MigrationScope Other(Fresh, Record, "", NewModel.get(), "m@a..b");
  Other.initFromNewModel("weight");
  Other.initValue("bias", 0.25);
  EXPECT_TRUE(torch::equal(Fresh.find("weight")->Value, NewModel->weight));
  EXPECT_FALSE(Fresh.find("weight")->Value.is_same(NewModel->weight));
  EXPECT_TRUE(torch::equal(Fresh.find("bias")->Value, torch::full({2}, 0.25)));
  EXPECT_EQ(Fresh.find("bias")->Origin.describe(), "initialised(value 0.25)");
  EXPECT_EQ(errorOf([&] { Other.initZeros("gamma"); }),
            "migration 'm@a..b' at the root: the new model has no tensor 'gamma'");
}

TEST(MigrationScope, InitIdentityNeedsASquareMatrix) {
  torch::nn::Linear NewModel(3, 3);
  StateDict Dict;
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "", NewModel.get(), "m@a..b");
  Scope.initIdentity("weight");
  EXPECT_TRUE(torch::equal(Dict.find("weight")->Value, torch::eye(3)));
  EXPECT_EQ(Dict.find("weight")->Origin.describe(), "initialised(identity)");
  EXPECT_EQ(errorOf([&] { Scope.initIdentity("bias"); }),
            "migration 'm@a..b' at the root: cannot init 'bias' as identity: "
            "the new model's tensor has shape [3], not a square matrix");
  EXPECT_FALSE(Dict.contains("bias"));
}

TEST(MigrationScope, InitWithoutTheNewModelIsDeferred) {
  StateDict Dict;
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "up.0.", nullptr, "m@a..b");
  Scope.initFromNewModel("outpad");
  EXPECT_TRUE(Dict.empty());
  EXPECT_EQ(Record.Deferred, (std::vector<std::string>{"up.0.outpad (init from new_model)"}));
  EXPECT_EQ(Scope.changes(), 0u);
}

TEST(MigrationScope, DropRecordsTheReason) {
  StateDict Dict = blockDict();
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "", nullptr, "m@a..b");
  Scope.drop("background", "recomputed in forward()");
  Scope.drop("background", "recomputed in forward()");
  EXPECT_FALSE(Dict.contains("background"));
  EXPECT_EQ(Record.Dropped.at("background"), "recomputed in forward()");
  EXPECT_EQ(Scope.changes(), 1u);
}

TEST(MigrationScope, SplitAndMergeAreInverse) {
  StateDict Dict = blockDict();
  torch::Tensor Fused = Dict.find("qkv.weight")->Value.clone();
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "", nullptr, "m@a..b");
  Scope.split("qkv.weight", {"to_q.weight", "to_k.weight", "to_v.weight"}, 0);
  EXPECT_FALSE(Dict.contains("qkv.weight"));
  EXPECT_TRUE(torch::equal(Dict.find("to_k.weight")->Value, Fused.slice(0, 2, 4)));
  EXPECT_EQ(Dict.find("to_v.weight")->Origin.describe(), "transformed(split: qkv.weight)");
  Scope.split("qkv.weight", {"to_q.weight", "to_k.weight", "to_v.weight"}, 0);
  EXPECT_EQ(Scope.changes(), 1u); // already split

  Scope.merge({"to_q.weight", "to_k.weight", "to_v.weight"}, "fused.weight", 0);
  EXPECT_TRUE(torch::equal(Dict.find("fused.weight")->Value, Fused));
  EXPECT_EQ(Dict.find("fused.weight")->Origin.describe(), "transformed(merge: qkv.weight)");
  EXPECT_EQ(errorOf([&] {
              Scope.split("fused.weight", {"a", "b", "c", "d"}, 0);
            }),
            "migration 'm@a..b' at the root: cannot split 'fused.weight' of "
            "shape [6, 4] into 4 equal parts along dim 0");
}

TEST(MigrationScope, ReshapeChecksTheElementCount) {
  StateDict Dict = blockDict();
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "", nullptr, "m@a..b");
  Scope.reshape("qkv.weight", "qkv.weight", {3, 2, 4});
  EXPECT_EQ(Dict.find("qkv.weight")->Value.sizes(), (std::vector<int64_t>{3, 2, 4}));
  Scope.reshape("qkv.weight", "qkv.weight", {3, 2, 4});
  EXPECT_EQ(Scope.changes(), 1u);
  EXPECT_EQ(errorOf([&] {
              Scope.reshape("background", "background", {2, 2});
            }),
            "migration 'm@a..b' at the root: cannot reshape 'background' of "
            "shape [3] to [2, 2]");
}

TEST(MigrationScope, ForEachMatchBindsPlaceholdersWithinTheInstance) {
  StateDict Dict = blockDict("enc.");
  Dict.set("other.heads.7.proj.bias", torch::zeros({1}));
  MigrationRecord Record;
  MigrationScope Scope(Dict, Record, "enc.", nullptr, "m@a..b");
  std::vector<std::string> Seen;
  Scope.forEachMatch("heads.{i}.proj.bias", [&](const auto &Bindings) {
    Seen.push_back(MigrationScope::expand("heads.{i}.out.bias", Bindings));
    Scope.rename(MigrationScope::expand("heads.{i}.proj.bias", Bindings), Seen.back());
  });
  EXPECT_EQ(Seen, (std::vector<std::string>{"heads.0.out.bias", "heads.1.out.bias"}));
  EXPECT_TRUE(Dict.contains("enc.heads.1.out.bias"));
  EXPECT_TRUE(Dict.contains("other.heads.7.proj.bias"));
}

TEST(MigrationScope, TodoThrowsItsMessage) {
  auto Migration = [] {
    MODELCOMPAT_TODO("pos_embed: decide how to resize [1,16,ch] -> [1,32,ch]");
  };
  EXPECT_THROW(Migration(), MigrationTodo);
  EXPECT_EQ(errorOf(Migration), "unresolved migration TODO: pos_embed: decide how to resize "
                                "[1,16,ch] -> [1,32,ch]");
}

TEST(MigrationRegistry, IdsMatchTheSpecFormat) {
  RegisteredMigration Migration{"fx::AttnBlockImpl", "0123456789abcdef0123456789abcdef01234567",
                                "fedcba9876543210fedcba9876543210fedcba98",
                                [](MigrationScope &) {}};
  EXPECT_EQ(Migration.id(), "fx::AttnBlockImpl@0123456789ab..fedcba987654");
}
