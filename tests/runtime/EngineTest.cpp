// The migration engine on real checkpoints written by the old model code
// (torch::save of v1 modules), applied at every instance of a class in the
// new model, idempotent, recorded in the metadata, chained in commit order.
#include "EngineTestModels.h"

#include "modelcompat/runtime/Ledger.h"
#include "modelcompat/runtime/MigrationEngine.h"
#include "modelcompat/runtime/MigrationInstances.h"
#include "modelcompat/schema/SchemaJson.h"
#include "modelcompat/support/Error.h"
#include "support/ErrorText.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace enginetest;
using nlohmann::json;

using modelcompat::test::errorOf;

namespace {

constexpr int64_t Channels = 4;
constexpr int64_t Blocks = 3;
const std::string Base = "1111111111111111111111111111111111111111";
const std::string Head = "2222222222222222222222222222222222222222";
const std::string Later = "3333333333333333333333333333333333333333";

MigrationSpec spec(const std::string &Module, const std::string &From, const std::string &To,
                   json Rules) {
  return migrationSpecFromJson({{"schema_version", 1},
                                {"module", Module},
                                {"from", {{"commit", From}}},
                                {"to", {{"commit", To}}},
                                {"rules", std::move(Rules)}},
                               "test spec");
}

/// The correct AttnBlock migration, with placeholders.
MigrationSpec attnBlockSpec() {
  return spec("enginetest::v2::AttnBlockImpl", Base, Head,
              {{{"op", "rename"}, {"from", "to_{p}.{t}"}, {"to", "attn.to_{p}.{t}"}},
               {{"op", "rename"},
                {"from", "proj_attn.{t}"},
                {"to", "attn.out_proj.{t}"},
                {"confidence", 0.86}}});
}

StateDict oldEncoderCheckpoint(const test::TempDirectory &Dir) {
  v1::Encoder Old(Channels, Blocks);
  randomise(*Old, 1);
  {
    torch::NoGradGuard NoGrad;
    Old->norm->running_var.abs_(); // a variance; negative would give NaN
  }
  return savedCheckpoint(Old, Dir.file("old.pt"), [] { return v1::Encoder(Channels, Blocks); });
}

} // namespace

TEST(Engine, FindsEveryInstanceInModuleListsAndSequentials) {
  v2::Encoder Model(Channels, Blocks);
  std::vector<std::string> Prefixes;
  for (const ModuleInstance &Instance : findModuleInstances(*Model))
    if (isInstanceOf(Instance.ClassName, "enginetest::v2::AttnBlockImpl"))
      Prefixes.push_back(Instance.Prefix);
  EXPECT_EQ(Prefixes, (std::vector<std::string>{"blocks.0.", "blocks.1.", "blocks.2.", "head.0."}));
  EXPECT_EQ(findModuleInstances(*Model).front().ClassName, "enginetest::v2::EncoderImpl");
  EXPECT_TRUE(isInstanceOf("enginetest::v2::AttnBlockImpl", "enginetest::v2::AttnBlock"));
}

TEST(Engine, OneRuleMigratesEveryInstanceOfTheClass) {
  test::TempDirectory Dir;
  StateDict Dict = oldEncoderCheckpoint(Dir);
  const StateDict Old = Dict;
  v2::Encoder New(Channels, Blocks);
  MigrationTarget Target{"old.pt", New.get()};
  MigrationOutcome Outcome = applyMigrations(Dict, {attnBlockSpec()}, Target);
  EXPECT_EQ(Outcome.Applied,
            (std::vector<std::string>{"enginetest::v2::AttnBlockImpl@111111111111..222222222222"}));
  for (const std::string Prefix : {"blocks.0.", "blocks.1.", "blocks.2.", "head.0."}) {
    EXPECT_TRUE(bitIdentical(Dict.find(Prefix + "attn.out_proj.weight")->Value,
                             Old.find(Prefix + "proj_attn.weight")->Value))
        << Prefix;
    EXPECT_TRUE(bitIdentical(Dict.find(Prefix + "attn.to_v.bias")->Value,
                             Old.find(Prefix + "to_v.bias")->Value))
        << Prefix;
    EXPECT_EQ(Dict.find(Prefix + "attn.to_q.weight")->Origin.describe(),
              "copied(" + Prefix + "to_q.weight)");
  }
  EXPECT_EQ(Dict.find("norm.num_batches_tracked")->Origin.describe(), "untouched");
  EXPECT_EQ(Dict.Metadata.at(AppliedMigrationsKey),
            "[\"enginetest::v2::AttnBlockImpl@111111111111..222222222222\"]");

  LoadReport Report = loadInto(*New, Dict, {"old.pt"});
  EXPECT_TRUE(Report.ok()) << Report.toText();
  EXPECT_EQ(Report.Loaded.size(), Old.size());

  // The migrated model computes what the old one did.
  v1::Encoder OldModel(Channels, Blocks);
  ASSERT_TRUE(loadInto(*OldModel, Old, {"old.pt"}).ok());
  OldModel->eval();
  New->eval();
  torch::Tensor Input = torch::randn({2, 5, Channels});
  EXPECT_TRUE(torch::equal(OldModel->forward(Input), New->forward(Input)));
}

TEST(Engine, FluxOutpadIsInitialisedFromTheNewModel) {
  test::TempDirectory Dir;
  v1::UpBlock Old(Channels);
  randomise(*Old, 2);
  StateDict Dict = savedCheckpoint(Old, Dir.file("up.pt"), [] { return v1::UpBlock(Channels); });
  v2::UpBlock New(Channels);
  MigrationSpec Spec = spec("enginetest::v2::UpBlock", Base, Head,
                            {{{"op", "init"}, {"key", "outpad"}, {"source", "new_model"}}});
  applyMigrations(Dict, {Spec}, {"up.pt", New.get()});
  EXPECT_EQ(Dict.find("outpad")->Origin.describe(), "initialised(new_model)");

  v2::UpBlock Fresh(Channels);
  LoadReport Report = loadInto(*Fresh, Dict, {"up.pt"});
  ASSERT_TRUE(Report.ok()) << Report.toText();
  EXPECT_TRUE(bitIdentical(Fresh->outpad, torch::tensor({1, 1}, torch::kLong)));
  EXPECT_TRUE(bitIdentical(Fresh->conv->weight, Old->conv->weight));
  EXPECT_TRUE(bitIdentical(Fresh->conv->bias, Old->conv->bias));
}

TEST(Engine, ApplyingTwiceEqualsApplyingOnce) {
  test::TempDirectory Dir;
  StateDict Once = oldEncoderCheckpoint(Dir);
  v2::Encoder New(Channels, Blocks);
  applyMigrations(Once, {attnBlockSpec()}, {"old.pt", New.get()});
  StateDict Twice = Once;
  MigrationOutcome Second = applyMigrations(Twice, {attnBlockSpec()}, {"old.pt", New.get()});
  EXPECT_TRUE(Second.Applied.empty());
  EXPECT_EQ(Second.Skipped, (std::vector<std::string>{attnBlockSpec().id()}));
  EXPECT_EQ(
      Second.notices("old.pt"),
      (std::vector<std::string>{"old.pt: note: migration "
                                "'enginetest::v2::AttnBlockImpl@111111111111..222222222222' is "
                                "already recorded as applied; skipped"}));
  EXPECT_EQ(Twice.keys(), Once.keys());
  EXPECT_EQ(Twice.Metadata, Once.Metadata);
  for (const StateDictItem &Item : Once.items())
    EXPECT_TRUE(Twice.find(Item.Key)->Value.is_same(Item.Value)) << Item.Key;

  // Without the record (metadata lost), the rules themselves are no-ops.
  StateDict Stripped = Once;
  Stripped.Metadata.clear();
  MigrationOutcome Third = applyMigrations(Stripped, {attnBlockSpec()}, {"old.pt", New.get()});
  EXPECT_TRUE(Third.Applied.empty());
  EXPECT_EQ(Stripped.keys(), Once.keys());
  EXPECT_TRUE(Stripped.Metadata.empty());
}

TEST(Engine, ACheckpointInTheNewLayoutIsANoOpWithANotice) {
  test::TempDirectory Dir;
  v2::AttnBlock Current(Channels);
  StateDict Dict =
      savedCheckpoint(Current, Dir.file("new.pt"), [] { return v2::AttnBlock(Channels); });
  const StateDict Before = Dict;
  MigrationOutcome Outcome = applyMigrations(Dict, {attnBlockSpec()}, {"new.pt", Current.get()});
  EXPECT_TRUE(Outcome.Applied.empty());
  EXPECT_EQ(
      Outcome.notices("new.pt"),
      (std::vector<std::string>{"new.pt: note: migration "
                                "'enginetest::v2::AttnBlockImpl@111111111111..222222222222' at "
                                "the root: already in the new layout; nothing to do",
                                "new.pt: note: already in the new layout of migration "
                                "'enginetest::v2::AttnBlockImpl@111111111111..222222222222'; "
                                "nothing to do"}));
  EXPECT_EQ(Dict.keys(), Before.keys());
  EXPECT_TRUE(Dict.Metadata.empty());
}

TEST(Engine, AChainAppliesInCommitOrderAndSkipsWhatIsRecorded) {
  test::TempDirectory Dir;
  v1::AttnBlock Old(Channels);
  randomise(*Old, 3);
  StateDict Dict = savedCheckpoint(Old, Dir.file("old.pt"), [] { return v1::AttnBlock(Channels); });
  const StateDict Original = Dict;
  // base -> head renamed proj_attn to proj_out; head -> later moved
  // everything under attn. Given in the wrong order.
  MigrationSpec Second =
      spec("enginetest::v2::AttnBlockImpl", Head, Later,
           {{{"op", "rename"}, {"from", "to_{p}.{t}"}, {"to", "attn.to_{p}.{t}"}},
            {{"op", "rename"}, {"from", "proj_out.{t}"}, {"to", "attn.out_proj.{t}"}}});
  MigrationSpec First =
      spec("enginetest::v2::AttnBlockImpl", Base, Head,
           {{{"op", "rename"}, {"from", "proj_attn.{t}"}, {"to", "proj_out.{t}"}}});
  v2::AttnBlock New(Channels);
  MigrationOutcome Outcome = applyMigrations(Dict, {Second, First}, {"old.pt", New.get()});
  EXPECT_EQ(Outcome.Applied, (std::vector<std::string>{First.id(), Second.id()}));
  EXPECT_EQ(appliedMigrations(Dict), (std::vector<std::string>{First.id(), Second.id()}));
  EXPECT_EQ(Dict.find("attn.out_proj.bias")->Origin.describe(), "copied(proj_attn.bias)");
  ASSERT_TRUE(loadInto(*New, Dict, {"old.pt"}).ok());
  EXPECT_TRUE(bitIdentical(New->attn->out_proj->weight, Old->proj_attn->weight));

  // A checkpoint migrated halfway (by the first step only) gets the second.
  StateDict Halfway = Original;
  applyMigrations(Halfway, {First}, {"old.pt", nullptr});
  EXPECT_EQ(appliedMigrations(Halfway), (std::vector<std::string>{First.id()}));
  MigrationOutcome Rest = applyMigrations(Halfway, {First, Second}, {"old.pt", New.get()});
  EXPECT_EQ(Rest.Skipped, (std::vector<std::string>{First.id()}));
  EXPECT_EQ(Rest.Applied, (std::vector<std::string>{Second.id()}));
  EXPECT_EQ(Halfway.keys(), Dict.keys());
}

TEST(Engine, ACycleOfCommitsIsAnError) {
  MigrationSpec There = spec("a::X", Base, Head, json::array());
  MigrationSpec Back = spec("a::X", Head, Base, json::array());
  MigrationSpec Third = spec("a::Y", Head, Base, json::array());
  // A pair that undoes itself is not ordered; a longer cycle is refused.
  EXPECT_EQ(errorOf([&] {
              orderMigrations({engineMigration(There, "a"),
                               engineMigration(spec("a::X", Head, Later, json::array()), "b"),
                               engineMigration(spec("a::X", Later, Base, json::array()), "c")});
            }),
            "migrations form a cycle of commits: 'a::X@111111111111..222222222222', "
            "'a::X@222222222222..333333333333', 'a::X@333333333333..111111111111'");
  EXPECT_EQ(orderMigrations({engineMigration(There, "a"), engineMigration(Back, "b"),
                             engineMigration(Third, "c")})
                .size(),
            3u);
}

TEST(Engine, ATodoFailsWithItsMessageAndLeavesTheStateDictAlone) {
  test::TempDirectory Dir;
  StateDict Dict = oldEncoderCheckpoint(Dir);
  const std::vector<std::string> Keys = Dict.keys();
  v2::Encoder New(Channels, Blocks);
  MigrationSpec Spec = spec("enginetest::v2::AttnBlockImpl", Base, Head,
                            {{{"op", "rename"}, {"from", "to_{p}.{t}"}, {"to", "attn.to_{p}.{t}"}},
                             {{"op", "todo"},
                              {"keys", {"proj_attn.weight", "proj_attn.bias"}},
                              {"reason", "decide whether proj_attn becomes attn.out_proj"}}});
  try {
    applyMigrations(Dict, {Spec}, {"old.pt", New.get()});
    FAIL() << "no error";
  } catch (const MigrationTodo &Todo) {
    EXPECT_EQ(std::string(Todo.what()),
              "old.pt: migration "
              "'enginetest::v2::AttnBlockImpl@111111111111..222222222222' at "
              "'blocks.0': unresolved migration TODO: proj_attn.weight, "
              "proj_attn.bias: decide whether proj_attn becomes attn.out_proj");
  }
  EXPECT_EQ(Dict.keys(), Keys);
  EXPECT_TRUE(Dict.Metadata.empty());
}

TEST(Engine, ErrorsNameTheFileTheMigrationAndTheKey) {
  test::TempDirectory Dir;
  StateDict Dict = oldEncoderCheckpoint(Dir);
  v2::Encoder New(Channels, Blocks);
  MigrationSpec Spec = spec("enginetest::v2::AttnBlockImpl", Base, Head,
                            {{{"op", "rename"}, {"from", "to_q.weight"}, {"to", "to_k.weight"}}});
  EXPECT_EQ(errorOf([&] {
              applyMigrations(Dict, {Spec}, {"old.pt", New.get()});
            }),
            "old.pt: migration "
            "'enginetest::v2::AttnBlockImpl@111111111111..222222222222' at "
            "'blocks.0': cannot rename 'blocks.0.to_q.weight' to "
            "'blocks.0.to_k.weight': 'blocks.0.to_k.weight' is already taken");
}

TEST(Engine, RegisteredCxxMigrationsApplyLikeSpecs) {
  test::TempDirectory Dir;
  StateDict FromSpec = oldEncoderCheckpoint(Dir);
  StateDict FromCxx = FromSpec;
  v2::Encoder New(Channels, Blocks);
  MigrationRegistry Registry;
  Registry.add({"enginetest::v2::AttnBlockImpl", Base, Head, [](MigrationScope &S) {
                  for (const char *P : {"q", "k", "v"})
                    for (const char *T : {"weight", "bias"})
                      S.rename(std::string("to_") + P + "." + T,
                               std::string("attn.to_") + P + "." + T);
                  S.rename("proj_attn.weight", "attn.out_proj.weight");
                  S.rename("proj_attn.bias", "attn.out_proj.bias");
                }});
  applyMigrations(FromSpec, {attnBlockSpec()}, {"old.pt", New.get()});
  applyMigrations(FromCxx, {}, {"old.pt", New.get()}, &Registry);
  EXPECT_EQ(FromCxx.Metadata, FromSpec.Metadata);
  ASSERT_EQ(FromCxx.size(), FromSpec.size());
  for (const StateDictItem &Item : FromSpec.items())
    EXPECT_TRUE(bitIdentical(FromCxx.find(Item.Key)->Value, Item.Value)) << Item.Key;
}

TEST(Engine, WithoutAModelASchemaGivesTheInstancesAndInitIsDeferred) {
  test::TempDirectory Dir;
  v1::UpBlock Up(Channels);
  StateDict Dict;
  for (const char *Prefix : {"up.0.", "up.1."})
    for (auto &[Key, Value] : modelStateTensors(*Up))
      Dict.set(Prefix + Key, Value.clone());
  Dict.set("up.1.extra", torch::zeros({1}));
  ScanResult Schema = scanResultFromJson(json::parse(R"({"schema_version": 1, "modules": [
        {"class": "dec::DecoderImpl", "holder": "dec::Decoder", "file": "d.h", "line": 1,
         "entries": [{"name": "up.{i}", "kind": "module", "type": "dec::UpBlock",
                      "shape": null, "condition": null, "line": 3}],
         "state_dict": []},
        {"class": "dec::UpBlockImpl", "holder": "dec::UpBlock", "file": "d.h", "line": 9,
         "entries": [{"name": "conv", "kind": "module", "type": "torch::nn::ConvTranspose2d",
                      "shape": null, "condition": null, "line": 10},
                     {"name": "outpad", "kind": "buffer", "type": null,
                      "shape": ["2"], "condition": null, "line": 11}],
         "state_dict": []}],
        "files_with_errors": [], "diagnostics": [], "files": []})"),
                                         "scan.json");
  MigrationSpec Spec = spec("dec::UpBlockImpl", Base, Head,
                            {{{"op", "init"}, {"key", "outpad"}, {"source", "new_model"}},
                             {{"op", "drop"}, {"key", "extra"}, {"reason", "unused"}}});
  MigrationTarget Target;
  Target.Source = "dec.pt";
  Target.ModelSchema = &Schema;
  MigrationOutcome Outcome = applyMigrations(Dict, {Spec}, Target);
  EXPECT_TRUE(Outcome.Applied.empty());
  EXPECT_EQ(Outcome.Record.Deferred,
            (std::vector<std::string>{"up.0.outpad (init from new_model)",
                                      "up.1.outpad (init from new_model)"}));
  EXPECT_FALSE(Dict.contains("up.1.extra"));
  EXPECT_EQ(droppedKeys(Dict), (std::map<std::string, std::string>{{"up.1.extra", "unused"}}));
  EXPECT_EQ(Outcome.notices("dec.pt").back(),
            "dec.pt: note: migration 'dec::UpBlockImpl@111111111111..222222222222' "
            "not recorded as applied: 2 step(s) need the new model");
  EXPECT_FALSE(Dict.Metadata.count(AppliedMigrationsKey));
}
