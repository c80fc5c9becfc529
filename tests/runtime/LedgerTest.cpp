// The ledger: every tensor of the model sourced, every tensor of the
// checkpoint consumed. The MONAI bug (identity/zeros out_proj, proj_attn left
// over) must fail naming the unconsumed keys; copying proj_attn must pass and
// load bit-identical tensors.
#include "EngineTestModels.h"

#include "modelcompat/runtime/Ledger.h"
#include "modelcompat/runtime/MigrationEngine.h"
#include "support/TempDirectory.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace modelcompat;
using namespace enginetest;
using nlohmann::json;

namespace {

constexpr int64_t Channels = 4;
constexpr int64_t Blocks = 3;
const std::string Base = "1111111111111111111111111111111111111111";
const std::string Head = "2222222222222222222222222222222222222222";

MigrationSpec spec(json Rules) {
  return migrationSpecFromJson({{"schema_version", 1},
                                {"module", "enginetest::v2::AttnBlockImpl"},
                                {"from", {{"commit", Base}}},
                                {"to", {{"commit", Head}}},
                                {"rules", std::move(Rules)}},
                               "test spec");
}

const json MoveQkv = {{"op", "rename"}, {"from", "to_{p}.{t}"}, {"to", "attn.to_{p}.{t}"}};

/// What MONAI's load_old_state_dict did: out_proj set to identity/zeros,
/// proj_attn never read.
MigrationSpec monaiBugSpec() {
  return spec({MoveQkv,
               {{"op", "init"}, {"key", "attn.out_proj.weight"}, {"source", "zeros"}},
               {{"op", "init"}, {"key", "attn.out_proj.bias"}, {"source", "zeros"}}});
}

MigrationSpec correctSpec() {
  return spec(
      {MoveQkv, {{"op", "rename"}, {"from", "proj_attn.{t}"}, {"to", "attn.out_proj.{t}"}}});
}

struct OldBlock {
  v1::AttnBlock Model{Channels};
  StateDict Checkpoint;
};

OldBlock savedOldBlock(const test::TempDirectory &Dir) {
  OldBlock Old;
  randomise(*Old.Model, 11);
  Old.Checkpoint =
      savedCheckpoint(Old.Model, Dir.file("monai.pt"), [] { return v1::AttnBlock(Channels); });
  return Old;
}

std::vector<std::string> messages(const LoadReport &Report) {
  std::vector<std::string> Out;
  for (const LedgerProblem &Problem : Report.Problems)
    Out.push_back(Problem.Message);
  return Out;
}

} // namespace

TEST(Ledger, TheMonaiBugFailsNamingTheUnconsumedProjAttnKeys) {
  test::TempDirectory Dir;
  OldBlock Old = savedOldBlock(Dir);
  v2::AttnBlock New(Channels);
  const torch::Tensor Untouched = New->attn->out_proj->weight.clone();
  StateDict Dict = Old.Checkpoint;
  MigrationOutcome Outcome = applyMigrations(Dict, {monaiBugSpec()}, {"monai.pt", New.get()});
  ASSERT_EQ(Outcome.Applied.size(), 1u); // the migration itself "works"

  // Not strict: Python's strict=False would have let this through.
  LoadReport Report = loadInto(*New, Dict, {"monai.pt", /*Strict=*/false});
  EXPECT_FALSE(Report.ok());
  EXPECT_EQ(messages(Report), (std::vector<std::string>{
                                  "monai.pt: error: old tensor 'proj_attn.weight' left unconsumed "
                                  "while 'attn.out_proj.weight' was initialised(zeros); copy it "
                                  "with a rule or drop it explicitly [unconsumed-old-tensor]",
                                  "monai.pt: error: old tensor 'proj_attn.bias' left unconsumed "
                                  "while 'attn.out_proj.bias' was initialised(zeros); copy it "
                                  "with a rule or drop it explicitly [unconsumed-old-tensor]"}));
  EXPECT_EQ(Report.UnexpectedKeys,
            (std::vector<std::string>{"proj_attn.weight", "proj_attn.bias"}));
  EXPECT_FALSE(Report.Written);
  EXPECT_TRUE(bitIdentical(New->attn->out_proj->weight, Untouched));
  EXPECT_EQ(Report.toText().substr(Report.toText().rfind("monai.pt: ledger")),
            "monai.pt: ledger for enginetest::v2::AttnBlockImpl: 8 loaded (0 "
            "untouched, 6 copied, 0 transformed, 2 initialised), 0 dropped, 0 "
            "missing, 2 unexpected, 0 mismatched: FAILED\n");
}

TEST(Ledger, DroppingProjAttnExplicitlyIsAcceptedAndListed) {
  test::TempDirectory Dir;
  OldBlock Old = savedOldBlock(Dir);
  v2::AttnBlock New(Channels);
  StateDict Dict = Old.Checkpoint;
  MigrationSpec Spec = monaiBugSpec();
  Spec.Rules.push_back(
      migrationSpecFromJson(
          {{"schema_version", 1},
           {"module", "m"},
           {"from", {{"commit", "a"}}},
           {"to", {{"commit", "b"}}},
           {"rules", {{{"op", "drop"}, {"key", "proj_attn.{t}"}, {"reason", "retrained"}}}}},
          "drop")
          .Rules.front());
  applyMigrations(Dict, {Spec}, {"monai.pt", New.get()});
  LoadReport Report = loadInto(*New, Dict, {"monai.pt"});
  EXPECT_TRUE(Report.ok()) << Report.toText();
  EXPECT_EQ(Report.Dropped,
            (std::map<std::string, std::string>{{"proj_attn.bias", "retrained"},
                                                {"proj_attn.weight", "retrained"}}));
  EXPECT_NE(Report.toText(true).find("monai.pt: dropped 'proj_attn.weight': retrained\n"),
            std::string::npos);
}

TEST(Ledger, CopyingProjAttnPassesStrictlyWithBitIdenticalTensors) {
  test::TempDirectory Dir;
  OldBlock Old = savedOldBlock(Dir);
  v2::AttnBlock New(Channels);
  StateDict Dict = Old.Checkpoint;
  MigrationOutcome Outcome = applyMigrations(Dict, {correctSpec()}, {"monai.pt", New.get()});
  LoadReport Report = loadInto(*New, Dict, {"monai.pt", true, false, &Outcome.Record});
  ASSERT_TRUE(Report.ok()) << Report.toText();
  EXPECT_TRUE(Report.Written);
  EXPECT_TRUE(Report.MissingKeys.empty());
  EXPECT_TRUE(Report.UnexpectedKeys.empty());
  EXPECT_TRUE(bitIdentical(New->attn->out_proj->weight, Old.Model->proj_attn->weight));
  EXPECT_TRUE(bitIdentical(New->attn->out_proj->bias, Old.Model->proj_attn->bias));
  EXPECT_TRUE(bitIdentical(New->attn->to_q->weight, Old.Model->to_q->weight));
  EXPECT_TRUE(bitIdentical(New->attn->to_v->bias, Old.Model->to_v->bias));

  torch::Tensor Input = torch::randn({2, 3, Channels});
  EXPECT_TRUE(torch::equal(Old.Model->forward(Input), New->forward(Input)));

  EXPECT_NE(Report.toText(true).find("monai.pt: loaded 'attn.out_proj.weight' [4, 4] float32: "
                                     "copied(proj_attn.weight) by "
                                     "enginetest::v2::AttnBlockImpl@111111111111..222222222222\n"),
            std::string::npos)
      << Report.toText(true);
  json Json = Report.toJson();
  EXPECT_EQ(Json["status"], "ok");
  EXPECT_EQ(Json["checkpoint"], "monai.pt");
  EXPECT_EQ(Json["applied_migrations"],
            json::array({"enginetest::v2::AttnBlockImpl@111111111111..222222222222"}));
  const json &Loaded = Json["loaded"];
  auto OutProj = std::find_if(Loaded.begin(), Loaded.end(),
                              [](const json &Item) { return Item["key"] == "attn.out_proj.bias"; });
  ASSERT_NE(OutProj, Loaded.end());
  EXPECT_EQ(*OutProj, json::parse(R"js({"key": "attn.out_proj.bias", "shape": [4],
      "dtype": "float32", "migration": "enginetest::v2::AttnBlockImpl@111111111111..222222222222",
      "provenance": {"kind": "copied", "from": ["proj_attn.bias"], "detail": "rename",
                     "text": "copied(proj_attn.bias)"}})js"));
}

TEST(Ledger, StrictLoadReportsMissingUnexpectedShapeAndDtype) {
  v2::UpBlock Model(Channels);
  const torch::Tensor Before = Model->conv->weight.clone();
  StateDict Dict;
  Dict.set("conv.weight", torch::zeros({Channels, Channels, 5, 5}));
  Dict.set("conv.bias", torch::zeros({Channels}, torch::kHalf));
  Dict.set("background", torch::zeros({3}));
  LoadReport Report = loadInto(*Model, Dict, {"up.safetensors"});
  EXPECT_EQ(messages(Report), (std::vector<std::string>{
                                  // Model order, as Python's state_dict(): the block's own
                                  // buffer, then its children's tensors.
                                  "up.safetensors: error: missing key 'outpad': in the model, not "
                                  "sourced by the checkpoint or a migration [missing-key]",
                                  "up.safetensors: error: shape mismatch for key 'conv.weight': "
                                  "checkpoint [4, 4, 5, 5], model [4, 4, 3, 3] [shape-mismatch]",
                                  "up.safetensors: error: dtype mismatch for key 'conv.bias': "
                                  "checkpoint float16, model float32 [dtype-mismatch]",
                                  "up.safetensors: error: unexpected key 'background': in the "
                                  "checkpoint, not consumed by the model or a migration "
                                  "[unexpected-key]"}));
  EXPECT_EQ(Report.MissingKeys, (std::vector<std::string>{"outpad"}));
  EXPECT_EQ(Report.UnexpectedKeys, (std::vector<std::string>{"background"}));
  ASSERT_EQ(Report.ShapeMismatches.size(), 1u);
  ASSERT_EQ(Report.DtypeMismatches.size(), 1u);
  EXPECT_FALSE(Report.Written);
  EXPECT_TRUE(bitIdentical(Model->conv->weight, Before));
  json Json = Report.toJson();
  EXPECT_EQ(Json["status"], "failed");
  EXPECT_EQ(Json["dtype_mismatches"],
            json::parse(R"([{"key": "conv.bias", "checkpoint": "float16", "model": "float32"}])"));
  EXPECT_EQ(Json["problems"][0]["kind"], "missing-key");
  EXPECT_EQ(Json["problems"][0]["key"], "outpad");
}

TEST(Ledger, NonStrictLoadWarnsAndLoadsWhatMatches) {
  v2::UpBlock Model(Channels);
  StateDict Dict;
  Dict.set("conv.weight", torch::ones({Channels, Channels, 3, 3}));
  Dict.set("conv.bias", torch::ones({Channels}, torch::kDouble));
  Dict.set("background", torch::zeros({3}));
  LoadIntoOptions Options;
  Options.Source = "up.pt";
  Options.Strict = false;
  Options.AllowDtypeConversion = true;
  LoadReport Report = loadInto(*Model, Dict, Options);
  EXPECT_TRUE(Report.ok());
  EXPECT_EQ(messages(Report),
            (std::vector<std::string>{"up.pt: warning: missing key 'outpad': in the model, not "
                                      "sourced by the checkpoint or a migration [missing-key]",
                                      "up.pt: warning: unexpected key 'background': in the "
                                      "checkpoint, not consumed by the model or a migration "
                                      "[unexpected-key]"}));
  EXPECT_TRUE(Report.Written);
  EXPECT_TRUE(torch::equal(Model->conv->weight, torch::ones({Channels, Channels, 3, 3})));
  EXPECT_TRUE(torch::equal(Model->conv->bias, torch::ones({Channels})));
  EXPECT_TRUE(torch::equal(Model->outpad, torch::tensor({1, 1}, torch::kLong)));
}

TEST(Ledger, AWholeEncoderWithBatchNormBuffersLoadsStrictly) {
  test::TempDirectory Dir;
  v1::Encoder Old(Channels, Blocks);
  randomise(*Old, 5);
  StateDict Dict =
      savedCheckpoint(Old, Dir.file("enc.pt"), [] { return v1::Encoder(Channels, Blocks); });
  v2::Encoder New(Channels, Blocks);
  MigrationOutcome Outcome = applyMigrations(Dict, {correctSpec()}, {"enc.pt", New.get()});
  LoadReport Report = loadInto(*New, Dict, {"enc.pt", true, false, &Outcome.Record});
  ASSERT_TRUE(Report.ok()) << Report.toText();
  EXPECT_TRUE(bitIdentical(New->norm->num_batches_tracked, Old->norm->num_batches_tracked));
  EXPECT_EQ(New->norm->num_batches_tracked.scalar_type(), torch::kLong);
  EXPECT_EQ(Report.toText(), "enc.pt: ledger for enginetest::v2::EncoderImpl: 41 loaded (9 "
                             "untouched, 32 copied, 0 transformed, 0 initialised), 0 dropped, 0 "
                             "missing, 0 unexpected, 0 mismatched: OK\n");
}

TEST(Ledger, MonaiBugInOneOfManyBlocksNamesThatBlock) {
  test::TempDirectory Dir;
  v1::Encoder Old(Channels, Blocks);
  StateDict Dict =
      savedCheckpoint(Old, Dir.file("enc.pt"), [] { return v1::Encoder(Channels, Blocks); });
  v2::Encoder New(Channels, Blocks);
  applyMigrations(Dict, {monaiBugSpec()}, {"enc.pt", New.get()});
  LoadReport Report = loadInto(*New, Dict, {"enc.pt"});
  ASSERT_FALSE(Report.ok());
  ASSERT_EQ(Report.Problems.size(), 8u);
  EXPECT_EQ(Report.Problems[2].Message,
            "enc.pt: error: old tensor 'blocks.1.proj_attn.weight' left "
            "unconsumed while 'blocks.1.attn.out_proj.weight' was "
            "initialised(zeros); copy it with a rule or drop it explicitly "
            "[unconsumed-old-tensor]");
  EXPECT_EQ(Report.Problems[7].Key, "head.0.proj_attn.bias");
}
