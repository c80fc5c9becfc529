// The planner on hand-built diffs: one test per rule of docs/migration-spec.md.
#include "modelcompat/migrate/MigrationPlanner.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace modelcompat;
using nlohmann::json;

namespace {

const std::string Base = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
const std::string Head = "9f8e7d6c5b4a39281706f5e4d3c2b1a098f7e6d5";

Change added(const std::string &Module, const std::string &Key, EntryKind Entry,
             SymbolicShape Shape) {
  Change C;
  C.Module = Module;
  C.Kind = ChangeKind::Added;
  C.Entry = Entry;
  C.NewKey = Key;
  C.NewShape = std::move(Shape);
  return C;
}

Change removed(const std::string &Module, const std::string &Key, EntryKind Entry,
               SymbolicShape Shape) {
  Change C;
  C.Module = Module;
  C.Kind = ChangeKind::Removed;
  C.Entry = Entry;
  C.OldKey = Key;
  C.OldShape = std::move(Shape);
  return C;
}

Change renamed(const std::string &Module, const std::string &From, const std::string &To,
               double Confidence, const std::string &Reason = "same type and shape") {
  Change C;
  C.Module = Module;
  C.Kind = ChangeKind::Renamed;
  C.OldKey = From;
  C.NewKey = To;
  C.OldShape = C.NewShape = SymbolicShape{"ch", "ch"};
  C.Confidence = Confidence;
  C.Reason = Reason;
  return C;
}

Change reshaped(const std::string &Module, const std::string &Key, SymbolicShape Old,
                SymbolicShape New) {
  Change C;
  C.Module = Module;
  C.Kind = ChangeKind::Reshaped;
  C.OldKey = C.NewKey = Key;
  C.OldShape = std::move(Old);
  C.NewShape = std::move(New);
  return C;
}

/// The rules of the only migration, as JSON, for whole-value comparisons.
json rulesOf(const MigrationPlan &Plan) {
  EXPECT_EQ(Plan.Migrations.size(), 1u);
  if (Plan.Migrations.empty())
    return nullptr;
  return migrationSpecToJson(Plan.Migrations.front().Spec)["rules"];
}

MigrationPlan plan(std::vector<Change> Changes, MigrationPlanOptions Options = {}) {
  SchemaDiff Diff;
  Diff.Changes = std::move(Changes);
  return planMigrations(Diff, Base, Head, Options);
}

} // namespace

TEST(MigrationPlanner, ConfidentRenameBecomesARenameWithItsConfidence) {
  MigrationPlan Plan =
      plan({renamed("ns::AttnBlockImpl", "proj_attn.weight", "attn.out_proj.weight", 0.86)});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([{"op": "rename", "from": "proj_attn.weight",
      "to": "attn.out_proj.weight", "confidence": 0.86}])"));
  const PlannedMigration &Migration = Plan.Migrations.front();
  EXPECT_EQ(Migration.Spec.Module, "ns::AttnBlockImpl");
  EXPECT_EQ(Migration.Spec.FromCommit, Base);
  EXPECT_EQ(Migration.Spec.ToCommit, Head);
  EXPECT_EQ(Migration.RuleNotes,
            std::vector<std::string>{"renamed (confidence 0.86: same type and shape)"});
  ASSERT_EQ(Plan.Renames.size(), 1u);
  EXPECT_TRUE(Plan.Renames.front().Accepted);
}

TEST(MigrationPlanner, WeakRenameBecomesATodoQuotingTheProposal) {
  MigrationPlan Plan = plan({renamed("M", "gamma", "scale", 0.31, "same shape, different name")});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([{"op": "todo", "keys": ["gamma", "scale"],
      "reason": "possible rename to 'scale' (confidence 0.31: same shape, different name): confirm it or map the keys by hand"}])"));
  EXPECT_FALSE(Plan.Renames.front().Accepted);
}

TEST(MigrationPlanner, ThresholdIsAnOption) {
  MigrationPlanOptions Options;
  Options.MinRenameConfidence = 0.3;
  MigrationPlan Plan = plan({renamed("M", "gamma", "scale", 0.31)}, Options);
  EXPECT_EQ(rulesOf(Plan)[0]["op"], "rename");
}

TEST(MigrationPlanner, RepeatedBlocksBecomeOnePattern) {
  MigrationPlan Plan = plan({renamed("M", "heads.0.proj.bias", "heads.0.out.bias", 0.9),
                             renamed("M", "heads.1.proj.bias", "heads.1.out.bias", 0.8),
                             renamed("M", "heads.2.proj.bias", "heads.2.out.bias", 0.9)});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([{"op": "rename", "from": "heads.{i}.proj.bias",
      "to": "heads.{i}.out.bias", "confidence": 0.8}])"));
  EXPECT_EQ(Plan.Migrations.front().RuleNotes.front(),
            "renamed (confidence 0.80: same type and shape; seen for indices 0..2)");
}

TEST(MigrationPlanner, IndexShiftStaysConcreteAndOrdered) {
  // Sequential item 1 removed: 2 -> 1 and 3 -> 2; 3 -> 2 must wait for 2 -> 1.
  MigrationPlan Plan = plan({renamed("M", "head.3.weight", "head.2.weight", 0.9),
                             renamed("M", "head.2.weight", "head.1.weight", 0.9),
                             removed("M", "head.1.weight", EntryKind::Parameter, {"4"})});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([
      {"op": "drop", "key": "head.1.weight", "reason": "parameter removed; nothing added to the class replaces it"},
      {"op": "rename", "from": "head.2.weight", "to": "head.1.weight", "confidence": 0.9},
      {"op": "rename", "from": "head.3.weight", "to": "head.2.weight", "confidence": 0.9}])"));
}

TEST(MigrationPlanner, RenameCycleIsATodo) {
  MigrationPlan Plan =
      plan({renamed("M", "a.weight", "b.weight", 0.9), renamed("M", "b.weight", "a.weight", 0.9)});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([{"op": "todo", "keys": ["a.weight", "b.weight"],
      "reason": "these renames form a cycle: move the tensors through a temporary key"}])"));
}

TEST(MigrationPlanner, AddedBufferIsInitialisedFromTheNewModel) {
  MigrationPlan Plan =
      plan({added("ns::ConvTransposeBlockImpl", "outpad", EntryKind::Buffer, {"2"})});
  EXPECT_EQ(rulesOf(Plan),
            json::parse(R"([{"op": "init", "key": "outpad", "source": "new_model"}])"));
}

TEST(MigrationPlanner, AddedParametersOfOneLayerShareATodo) {
  MigrationPlan Plan = plan({added("M", "gate.weight", EntryKind::Parameter, {"ch", "ch"}),
                             added("M", "gate.bias", EntryKind::Parameter, {"ch"})});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([{"op": "todo", "keys": ["gate.bias", "gate.weight"],
      "reason": "trainable parameter added ([ch], [ch,ch]): trained weights cannot be invented; initialise or train it"}])"));
}

TEST(MigrationPlanner, RemovedKeyIsDroppedOnlyWhenNothingReplacedIt) {
  MigrationPlan Certain = plan({removed("M", "background", EntryKind::Buffer, {"1", "ch"})});
  EXPECT_EQ(rulesOf(Certain), json::parse(R"([{"op": "drop", "key": "background",
      "reason": "buffer removed; nothing added to the class replaces it"}])"));

  MigrationPlan Unsure = plan({removed("M", "background", EntryKind::Buffer, {"1", "ch"}),
                               added("M", "bg", EntryKind::Parameter, {"1", "ch"})});
  EXPECT_EQ(rulesOf(Unsure), json::parse(R"([
      {"op": "todo", "keys": ["background"], "reason": "buffer removed; it may live on in 'bg': map it or drop it"},
      {"op": "todo", "keys": ["bg"], "reason": "trainable parameter added ([1,ch]): trained weights cannot be invented; initialise or train it"}])"));
}

TEST(MigrationPlanner, RemovedKeyOfAPartlyUnresolvedClassIsATodo) {
  Change Unresolved;
  Unresolved.Module = "M";
  Unresolved.Kind = ChangeKind::Unresolved;
  Unresolved.NewKey = "blocks.{i}";
  Unresolved.Reason = "name built at run time";
  MigrationPlan Plan = plan({removed("M", "scale", EntryKind::Parameter, {"1"}), Unresolved});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([
      {"op": "todo", "keys": ["blocks.{i}"], "reason": "could not be analysed: name built at run time"},
      {"op": "todo", "keys": ["scale"], "reason": "parameter removed, but the class was not fully analysed: drop it or map it"}])"));
}

TEST(MigrationPlanner, ReshapeIsATodoWithBothShapes) {
  MigrationPlan Plan = plan({reshaped("M", "pos_embed", {"1", "16", "ch"}, {"1", "32", "ch"})});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([{"op": "todo", "keys": ["pos_embed"],
      "reason": "decide how to resize [1,16,ch] -> [1,32,ch]"}])"));
}

TEST(MigrationPlanner, KnownReshapeAddsOrRemovesSingletonDimensions) {
  MigrationPlan Plan = plan({reshaped("M", "pos_embed", {"1", "16", "ch"}, {"16", "ch"})});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([{"op": "reshape", "from": "pos_embed",
      "to": "pos_embed", "shape": [16, -1]}])"));
  // Two symbolic dimensions cannot both be inferred: a human decides.
  MigrationPlan Ambiguous = plan({reshaped("M", "w", {"out", "in"}, {"out", "in", "1"})});
  EXPECT_EQ(rulesOf(Ambiguous)[0]["op"], "todo");
}

TEST(MigrationPlanner, FusedQkvIsAMerge) {
  MigrationPlan Plan = plan({removed("M", "to_q.weight", EntryKind::Parameter, {"ch", "ch"}),
                             removed("M", "to_k.weight", EntryKind::Parameter, {"ch", "ch"}),
                             removed("M", "to_v.weight", EntryKind::Parameter, {"ch", "ch"}),
                             added("M", "qkv.weight", EntryKind::Parameter, {"3 * ch", "ch"}),
                             // The diff may pair a part with the fused key:
                             // the merge supersedes that proposal.
                             renamed("M", "to_q.bias", "qkv.bias", 0.7),
                             removed("M", "to_k.bias", EntryKind::Parameter, {"ch"}),
                             removed("M", "to_v.bias", EntryKind::Parameter, {"ch"})});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([
      {"op": "merge", "keys": ["to_q.bias", "to_k.bias", "to_v.bias"], "to": "qkv.bias", "dim": 0},
      {"op": "merge", "keys": ["to_q.weight", "to_k.weight", "to_v.weight"], "to": "qkv.weight", "dim": 0}])"));
  EXPECT_FALSE(Plan.Renames.front().Accepted);
}

TEST(MigrationPlanner, FusedQkvTakenApartIsASplit) {
  MigrationPlan Plan =
      plan({removed("M", "attn.qkv.weight", EntryKind::Parameter, {"3 * ch", "ch"}),
            added("M", "attn.q_proj.weight", EntryKind::Parameter, {"ch", "ch"}),
            added("M", "attn.k_proj.weight", EntryKind::Parameter, {"ch", "ch"}),
            added("M", "attn.v_proj.weight", EntryKind::Parameter, {"ch", "ch"})});
  EXPECT_EQ(rulesOf(Plan), json::parse(R"([{"op": "split", "from": "attn.qkv.weight",
      "keys": ["attn.q_proj.weight", "attn.k_proj.weight", "attn.v_proj.weight"], "dim": 0}])"));
}

TEST(MigrationPlanner, RetypeWithTheSameLayoutNeedsNoRule) {
  Change Retyped;
  Retyped.Module = "M";
  Retyped.Kind = ChangeKind::Retyped;
  Retyped.OldKey = Retyped.NewKey = "norm.weight";
  Retyped.OldShape = Retyped.NewShape = SymbolicShape{"ch"};
  Retyped.OldLayer = "torch::nn::BatchNorm";
  Retyped.NewLayer = "torch::nn::BatchNorm2d";
  MigrationPlan Plan = plan({Retyped});
  ASSERT_EQ(Plan.Migrations.size(), 1u);
  EXPECT_TRUE(Plan.Migrations.front().Spec.Rules.empty());
  EXPECT_EQ(Plan.Migrations.front().Notes,
            std::vector<std::string>{"'norm.weight' retyped 'torch::nn::BatchNorm' -> "
                                     "'torch::nn::BatchNorm2d' with the same key and "
                                     "shape: no rule needed"});
  Retyped.Breaking = false;
  EXPECT_TRUE(plan({Retyped}).Migrations.empty());
}

TEST(MigrationPlanner, ClassRenameAloneNeedsNoMigration) {
  Change Renamed;
  Renamed.Module = "PixelCNNImpl";
  Renamed.OldModule = "GatedPixelCNNImpl";
  Renamed.Kind = ChangeKind::ClassRenamed;
  Renamed.Breaking = false;
  EXPECT_TRUE(plan({Renamed}).Migrations.empty());

  MigrationPlan WithKeys =
      plan({Renamed, added("PixelCNNImpl", "mask", EntryKind::Buffer, {"k", "k"})});
  ASSERT_EQ(WithKeys.Migrations.size(), 1u);
  EXPECT_EQ(WithKeys.Migrations.front().Spec.Module, "PixelCNNImpl");
  EXPECT_EQ(WithKeys.Migrations.front().OldModule, "GatedPixelCNNImpl");
}

TEST(MigrationPlanner, CoveredAndSuppressedFindingsNeedNothingNew) {
  Change Covered = added("M", "outpad", EntryKind::Buffer, {"2"});
  Covered.CoveredBy = "modelcompat/migrations/M-a-b.json";
  Change Suppressed = added("N", "w", EntryKind::Parameter, {"2"});
  Suppressed.Suppressed = true;
  EXPECT_TRUE(plan({Covered, Suppressed}).Migrations.empty());
}

TEST(MigrationPlanner, UnresolvedClassGetsAWarningAndNoMigration) {
  Change Unresolved;
  Unresolved.Module = "M";
  Unresolved.Kind = ChangeKind::Unresolved;
  Unresolved.Reason = "models/m.h failed to parse";
  MigrationPlan Plan = plan({Unresolved});
  EXPECT_TRUE(Plan.Migrations.empty());
  EXPECT_EQ(Plan.Warnings,
            std::vector<std::string>{"no migration for 'M': the class could not be analysed "
                                     "at one side"});
}

TEST(MigrationPlanner, IsDeterministicWhateverTheFindingOrder) {
  std::vector<Change> Changes = {
      renamed("B", "x", "y", 0.9), added("A", "buf", EntryKind::Buffer, {"1"}),
      removed("B", "z", EntryKind::Buffer, {"1"}), renamed("B", "p.0.w", "q.0.w", 0.9),
      renamed("B", "p.1.w", "q.1.w", 0.9)};
  MigrationPlan Forward = plan(Changes);
  std::reverse(Changes.begin(), Changes.end());
  MigrationPlan Backward = plan(Changes);
  ASSERT_EQ(Forward.Migrations.size(), 2u);
  ASSERT_EQ(Backward.Migrations.size(), 2u);
  for (size_t I = 0; I < 2; ++I)
    EXPECT_EQ(migrationSpecToJson(Forward.Migrations[I].Spec),
              migrationSpecToJson(Backward.Migrations[I].Spec));
  EXPECT_EQ(Forward.Migrations[0].Spec.Module, "A");
}
