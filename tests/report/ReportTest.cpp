#include "JsonSchemaValidator.h"
#include "support/Golden.h"

#include "modelcompat/report/FindingText.h"
#include "modelcompat/report/GithubReport.h"
#include "modelcompat/report/JsonReport.h"
#include "modelcompat/report/Report.h"
#include "modelcompat/report/SarifReport.h"
#include "modelcompat/support/ReadFile.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using nlohmann::json;

namespace {

const ReportContext Context{{"v1", "1111111111111111111111111111111111111111"},
                            {"HEAD", "2222222222222222222222222222222222222222"},
                            "0.1.0"};

Change renamedProjAttn() {
  Change C;
  C.Module = "AttnBlockImpl";
  C.Kind = ChangeKind::Renamed;
  C.Entry = EntryKind::Parameter;
  C.OldKey = "proj_attn.weight";
  C.NewKey = "attn.out_proj.weight";
  C.OldShape = SymbolicShape{"ch", "ch"};
  C.NewShape = SymbolicShape{"ch", "ch"};
  C.OldLayer = C.NewLayer = "torch::nn::Linear";
  C.Confidence = 0.86;
  C.Reason = "same type and shape";
  C.File = "models/attn.h";
  C.Line = 42;
  C.Column = 5;
  return C;
}

/// One finding of every kind, in the order diffSchemas sorts them.
SchemaDiff everyKind() {
  SchemaDiff Diff;
  Change Added;
  Added.Module = "ns::UpImpl";
  Added.Kind = ChangeKind::Added;
  Added.Entry = EntryKind::Buffer;
  Added.NewKey = "outpad";
  Added.NewShape = SymbolicShape{"1", "ch", "1", "1"};
  Added.File = "models/up.h";
  Added.Line = 20;
  Added.Column = 5;
  Change Removed = Added;
  Removed.Kind = ChangeKind::Removed;
  Removed.NewKey.reset();
  Removed.OldKey = "scale";
  Removed.Entry = EntryKind::Parameter;
  Removed.Line = 17;
  Change Reshaped = Added;
  Reshaped.Kind = ChangeKind::Reshaped;
  Reshaped.Entry = EntryKind::Parameter;
  Reshaped.OldKey = Reshaped.NewKey = "conv.weight";
  Reshaped.OldShape = SymbolicShape{"out", "in", "3", "3"};
  Reshaped.NewShape = SymbolicShape{"out", "in", "5", "5"};
  Change Retyped = Added;
  Retyped.Kind = ChangeKind::Retyped;
  Retyped.Breaking = false;
  Retyped.Entry = EntryKind::Module;
  Retyped.OldKey = Retyped.NewKey = "norm";
  Retyped.NewShape.reset();
  Retyped.OldLayer = "torch::nn::BatchNorm1d";
  Retyped.NewLayer = "torch::nn::BatchNorm2d";
  Change Condition = Added;
  Condition.Kind = ChangeKind::ConditionChanged;
  Condition.Entry = EntryKind::Parameter;
  Condition.OldKey = Condition.NewKey = "bias";
  Condition.NewCondition = "use_bias";
  Change ClassRenamed;
  ClassRenamed.Module = "ns::PixelCNNImpl";
  ClassRenamed.OldModule = "ns::GatedPixelCNNImpl";
  ClassRenamed.Kind = ChangeKind::ClassRenamed;
  ClassRenamed.Entry = EntryKind::Module;
  ClassRenamed.Breaking = false;
  ClassRenamed.Confidence = 1.0;
  ClassRenamed.Reason = "identical layout, same file";
  ClassRenamed.OldLayer = "ns::GatedPixelCNN";
  ClassRenamed.NewLayer = "ns::PixelCNN";
  ClassRenamed.File = "models/pixelcnn.h";
  ClassRenamed.Line = 8;
  Change Unresolved;
  Unresolved.Module = "ns::BrokenImpl";
  Unresolved.Kind = ChangeKind::Unresolved;
  Unresolved.Entry = EntryKind::Module;
  Unresolved.File = "models/broken.h";
  Unresolved.Line = 3;
  Unresolved.Reason = "models/broken.h failed to parse at head";
  Change Renamed = renamedProjAttn();
  Renamed.CoveredBy = "modelcompat/migrations/attn.json";
  Change Suppressed = Added;
  Suppressed.Module = "ns::ZImpl";
  Suppressed.Suppressed = true;
  Suppressed.SuppressionReason = "checkpoints are retrained";
  Diff.Changes = {Renamed, Unresolved, ClassRenamed, Condition, Reshaped,
                  Removed, Added,      Retyped,      Suppressed};
  Diff.UnresolvedFiles = {"models/broken.h"};
  return Diff;
}

} // namespace

TEST(TextReport, RenamedFindingReadsLikeACompilerWarning) {
  SchemaDiff Diff;
  Diff.Changes = {renamedProjAttn()};
  EXPECT_EQ(renderReport(Diff, Context, ReportFormat::Text),
            "models/attn.h:42:5: warning: parameter 'proj_attn.weight' of "
            "'AttnBlockImpl' renamed to 'attn.out_proj.weight' (confidence 0.86: same "
            "type and shape) [state-dict-renamed]\n"
            "summary: 1 state-dict change between v1 (111111111111) and HEAD "
            "(222222222222): 1 breaking (1 uncovered), 0 covered by migrations, 0 "
            "suppressed\n");
}

TEST(TextReport, NoChangesIsOneSummaryLine) {
  EXPECT_EQ(renderReport(SchemaDiff{}, Context, ReportFormat::Text),
            "summary: no state-dict changes between v1 (111111111111) and HEAD "
            "(222222222222)\n");
}

TEST(TextReport, EveryKind) {
  EXPECT_TRUE(test::matchesGolden(renderReport(everyKind(), Context, ReportFormat::Text),
                                  MODELCOMPAT_TEST_SOURCE_DIR
                                  "/tests/report/golden/every-kind.txt"));
}

TEST(JsonReport, RenamedFindingHasTheContractMembersInOrder) {
  SchemaDiff Diff;
  Diff.Changes = {renamedProjAttn()};
  json Document = json::parse(renderReport(Diff, Context, ReportFormat::Json));
  json Expected = json::parse(R"({"schema_version": 1,
   "base": {"rev": "v1", "commit": "1111111111111111111111111111111111111111"},
   "head": {"rev": "HEAD", "commit": "2222222222222222222222222222222222222222"},
   "changes": [{"module": "AttnBlockImpl", "kind": "renamed", "entry_kind": "parameter",
                "old_key": "proj_attn.weight", "new_key": "attn.out_proj.weight",
                "old_shape": ["ch", "ch"], "new_shape": ["ch", "ch"], "confidence": 0.86,
                "breaking": true, "covered_by": null, "suppressed": false,
                "file": "models/attn.h", "line": 42, "column": 5, "old_module": null,
                "old_layer": "torch::nn::Linear", "new_layer": "torch::nn::Linear",
                "old_condition": null, "new_condition": null,
                "reason": "same type and shape", "suppression_reason": null}],
   "unresolved_files": [],
   "summary": {"total": 1, "breaking": 1, "covered": 0, "suppressed": 0}})");
  EXPECT_EQ(Document, Expected) << Document.dump(2);
  std::vector<std::string> Order;
  nlohmann::ordered_json Ordered = diffReportToJson(Diff, Context);
  for (const auto &Item : Ordered["changes"][0].items())
    Order.push_back(Item.key());
  std::vector<std::string> Contract = {
      "module",     "kind",     "entry_kind", "old_key",    "new_key", "old_shape", "new_shape",
      "confidence", "breaking", "covered_by", "suppressed", "file",    "line"};
  EXPECT_EQ(std::vector<std::string>(Order.begin(), Order.begin() + Contract.size()), Contract);
}

TEST(JsonReport, EveryKind) {
  EXPECT_TRUE(test::matchesGolden(renderReport(everyKind(), Context, ReportFormat::Json),
                                  MODELCOMPAT_TEST_SOURCE_DIR
                                  "/tests/report/golden/every-kind.json"));
}

TEST(JsonReport, SummaryCountsSuppressedAndCovered) {
  json Summary = diffReportToJson(everyKind(), Context)["summary"];
  EXPECT_EQ(Summary, json::parse(R"({"total": 9, "breaking": 7, "covered": 1,
                                     "suppressed": 1})"));
}

TEST(SarifReport, HasEveryPropertySarif210Requires) {
  json Log = json::parse(renderReport(everyKind(), Context, ReportFormat::Sarif));
  EXPECT_EQ(Log["version"], "2.1.0");
  EXPECT_EQ(Log["$schema"], SarifSchemaUri);
  ASSERT_EQ(Log["runs"].size(), 1u);
  const json &Driver = Log["runs"][0]["tool"]["driver"];
  EXPECT_EQ(Driver["name"], "modelcompat");
  ASSERT_EQ(Driver["rules"].size(), 10u);
  std::set<std::string> RuleIds;
  for (const json &Rule : Driver["rules"]) {
    RuleIds.insert(Rule["id"].get<std::string>());
    EXPECT_FALSE(Rule["help"]["text"].get<std::string>().empty()) << Rule["id"];
    EXPECT_FALSE(Rule["shortDescription"]["text"].get<std::string>().empty());
  }
  EXPECT_EQ(RuleIds,
            (std::set<std::string>{"state-dict-added", "state-dict-removed", "state-dict-renamed",
                                   "state-dict-reshaped", "state-dict-retyped",
                                   "state-dict-condition-changed", "state-dict-class-renamed",
                                   "state-dict-unresolved", "state-dict-loop-bound-changed",
                                   "state-dict-shape-expression-changed"}));
  const json &Results = Log["runs"][0]["results"];
  ASSERT_EQ(Results.size(), 9u);
  for (const json &Result : Results) {
    EXPECT_TRUE(RuleIds.count(Result["ruleId"].get<std::string>()));
    EXPECT_EQ(Driver["rules"][Result["ruleIndex"].get<size_t>()]["id"], Result["ruleId"]);
    EXPECT_FALSE(Result["message"]["text"].get<std::string>().empty());
    ASSERT_EQ(Result["locations"].size(), 1u);
    EXPECT_TRUE(Result["locations"][0]["physicalLocation"]["artifactLocation"].contains("uri"));
  }
  // The removal points at its base line; the suppressed finding is marked.
  EXPECT_EQ(Results[5]["properties"]["kind"], "removed");
  EXPECT_EQ(Results[5]["locations"][0]["physicalLocation"]["region"]["startLine"], 17);
  EXPECT_EQ(Results[8]["suppressions"],
            json::parse(R"([{"kind": "external", "justification": "checkpoints are retrained"}])"));
}

TEST(SarifReport, ValidatesAgainstTheOfficialSchema) {
  // data/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 (rtm.5) schema as
  // shipped in the npm package @microsoft/jest-sarif.
  json Schema = json::parse(readFile(MODELCOMPAT_SARIF_SCHEMA));
  for (const SchemaDiff &Diff : {SchemaDiff{}, everyKind()}) {
    json Log = json::parse(renderReport(Diff, Context, ReportFormat::Sarif));
    std::vector<std::string> Errors = test::validateJsonSchema(Schema, Log);
    std::string All;
    for (const std::string &Error : Errors)
      All += Error + "\n";
    EXPECT_TRUE(Errors.empty()) << All;
  }
}

TEST(SarifReport, SchemaValidatorRejectsABrokenLog) {
  json Schema = json::parse(readFile(MODELCOMPAT_SARIF_SCHEMA));
  json Log = json::parse(renderReport(everyKind(), Context, ReportFormat::Sarif));
  Log["version"] = "2.0.0";
  Log["runs"][0]["results"][0].erase("message");
  Log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  std::vector<std::string> Errors = test::validateJsonSchema(Schema, Log);
  ASSERT_EQ(Errors.size(), 3u);
  EXPECT_EQ(Errors[0], "/runs/0/results/0: missing required property 'message'");
  EXPECT_EQ(Errors[1], "/runs/0/results/1/locations/0/physicalLocation/region/startLine: "
                       "below minimum 1");
  EXPECT_EQ(Errors[2], "/version: \"2.0.0\" is not one of [\"2.1.0\"]");
}

TEST(GithubReport, ErrorsForUncoveredBreakingNoticesForTheRest) {
  EXPECT_TRUE(test::matchesGolden(renderReport(everyKind(), Context, ReportFormat::Github),
                                  MODELCOMPAT_TEST_SOURCE_DIR
                                  "/tests/report/golden/every-kind.github"));
}

TEST(GithubReport, EscapesWorkflowCommandSyntax) {
  EXPECT_EQ(escapeWorkflowCommand("a,b:c%d\ne", true), "a%2Cb%3Ac%25d%0Ae");
  EXPECT_EQ(escapeWorkflowCommand("a,b:c%d\r\ne", false), "a,b:c%25d%0D%0Ae");
}

TEST(ReportFormat, NamesRoundTrip) {
  for (const std::string &Name : reportFormatNames())
    EXPECT_EQ(reportFormatName(*parseReportFormat(Name)), Name);
  EXPECT_FALSE(parseReportFormat("xml"));
}
