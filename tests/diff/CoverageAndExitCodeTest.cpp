#include "modelcompat/cli/ExitCode.h"
#include "modelcompat/diff/DiffSummary.h"
#include "modelcompat/diff/MigrationCoverage.h"

#include <gtest/gtest.h>

using namespace modelcompat;

namespace {

Change change(ChangeKind Kind, std::optional<std::string> Old, std::optional<std::string> New,
              bool Breaking = true) {
  Change C;
  C.Module = "ns::AttnBlockImpl";
  C.Kind = Kind;
  C.OldKey = std::move(Old);
  C.NewKey = std::move(New);
  C.Breaking = Breaking;
  return C;
}

MigrationCoverage attnSpec() {
  return {"modelcompat/migrations/attn.json",
          "ns::AttnBlockImpl",
          {"proj_attn.weight", "to_{x}.weight", "gone"},
          {"attn.out_proj.weight", "attn.to_{x}.weight", "outpad"}};
}

} // namespace

TEST(MigrationCoverage, KeyPatternsTakeOneSegment) {
  EXPECT_TRUE(matchesKeyPattern("to_{x}.weight", "to_q.weight"));
  EXPECT_TRUE(matchesKeyPattern("blocks.{i}.conv.weight", "blocks.12.conv.weight"));
  EXPECT_FALSE(matchesKeyPattern("blocks.{i}.weight", "blocks.1.conv.weight"));
  EXPECT_FALSE(matchesKeyPattern("a.weight", "a.bias"));
  EXPECT_TRUE(matchesKeyPattern("a.weight", "a.weight"));
}

TEST(MigrationCoverage, CoversWhatItsRulesMap) {
  MigrationCoverage Spec = attnSpec();
  EXPECT_TRUE(
      coversChange(Spec, change(ChangeKind::Renamed, "proj_attn.weight", "attn.out_proj.weight")));
  EXPECT_TRUE(coversChange(Spec, change(ChangeKind::Renamed, "to_k.weight", "attn.to_k.weight")));
  // A rename the spec maps elsewhere is not covered by it.
  EXPECT_FALSE(coversChange(Spec, change(ChangeKind::Renamed, "proj_attn.weight", "attn.x")));
  EXPECT_TRUE(coversChange(Spec, change(ChangeKind::Added, std::nullopt, "outpad")));
  EXPECT_FALSE(coversChange(Spec, change(ChangeKind::Added, std::nullopt, "other")));
  EXPECT_TRUE(coversChange(Spec, change(ChangeKind::Removed, "gone", std::nullopt)));
  EXPECT_FALSE(coversChange(Spec, change(ChangeKind::Unresolved, "gone", std::nullopt)));
  Change OtherClass = change(ChangeKind::Added, std::nullopt, "outpad");
  OtherClass.Module = "ns::OtherImpl";
  EXPECT_FALSE(coversChange(Spec, OtherClass));
}

TEST(ExitCode, BitsFollowAbidiff) {
  SchemaDiff None;
  EXPECT_EQ(diffExitCode(None, FailOn::Breaking), 0);

  SchemaDiff Info;
  Info.Changes = {change(ChangeKind::ClassRenamed, std::nullopt, std::nullopt, false)};
  EXPECT_EQ(diffExitCode(Info, FailOn::Breaking), 4);
  EXPECT_EQ(diffExitCode(Info, FailOn::Any), 12);
  EXPECT_EQ(diffExitCode(Info, FailOn::Never), 0);

  SchemaDiff Breaking;
  Breaking.Changes = {change(ChangeKind::Added, std::nullopt, "outpad"),
                      change(ChangeKind::Renamed, "proj_attn.weight", "attn.out_proj.weight")};
  EXPECT_EQ(diffExitCode(Breaking, FailOn::Breaking), 12);
  EXPECT_EQ(diffExitCode(Breaking, FailOn::Never), 0);

  applyMigrationCoverage(Breaking, {attnSpec()});
  EXPECT_EQ(Breaking.Changes[0].CoveredBy, "modelcompat/migrations/attn.json");
  EXPECT_EQ(diffExitCode(Breaking, FailOn::Breaking), 4);
  EXPECT_EQ(diffExitCode(Breaking, FailOn::Any), 4);

  SchemaDiff Suppressed;
  Suppressed.Changes = {change(ChangeKind::Added, std::nullopt, "x")};
  Suppressed.Changes[0].Suppressed = true;
  EXPECT_EQ(diffExitCode(Suppressed, FailOn::Any), 0);
  DiffSummary S = summarizeDiff(Suppressed);
  EXPECT_EQ(S.Total, 1u);
  EXPECT_EQ(S.Suppressed, 1u);
  EXPECT_EQ(S.UncoveredBreaking, 0u);
}

TEST(ExitCode, FailOnNamesRoundTrip) {
  for (FailOn Policy : {FailOn::Breaking, FailOn::Any, FailOn::Never})
    EXPECT_EQ(parseFailOn(failOnName(Policy)), Policy);
  EXPECT_FALSE(parseFailOn("sometimes"));
}
