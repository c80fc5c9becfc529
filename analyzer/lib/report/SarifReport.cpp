//===- SarifReport.cpp - SARIF 2.1.0 for code-scanning tools -------------===//
#include "modelcompat/report/SarifReport.h"
#include "modelcompat/diff/KeyDiff.h"
#include "modelcompat/report/FindingText.h"

#include <cctype>

namespace modelcompat {

using nlohmann::ordered_json;

namespace {

/// "state-dict-condition-changed" -> "StateDictConditionChanged".
std::string pascalName(const std::string &Id) {
  std::string Out;
  bool Upper = true;
  for (char C : Id) {
    if (C == '-') {
      Upper = true;
      continue;
    }
    Out += Upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(C))) : C;
    Upper = false;
  }
  return Out;
}

ordered_json rulesJson() {
  ordered_json Rules = ordered_json::array();
  for (ChangeKind Kind : allChangeKinds()) {
    std::string Id = findingRuleId(Kind);
    ordered_json Rule;
    Rule["id"] = Id;
    Rule["name"] = pascalName(Id);
    Rule["shortDescription"] = {{"text", findingSummary(Kind)}};
    Rule["fullDescription"] = {{"text", findingHelp(Kind)}};
    Rule["help"] = {
        {"text", findingHelp(Kind) + " See docs/findings/" + changeKindName(Kind) + ".md."}};
    Rule["defaultConfiguration"] = {{"level", isBreakingKind(Kind) ? "error" : "note"}};
    Rule["properties"] = {
        {"breaking", isBreakingKind(Kind)},
        {"documentation", std::string("docs/findings/") + changeKindName(Kind) + ".md"}};
    Rules.push_back(std::move(Rule));
  }
  return Rules;
}

size_t ruleIndex(ChangeKind Kind) {
  const std::vector<ChangeKind> &Kinds = allChangeKinds();
  for (size_t I = 0; I < Kinds.size(); ++I)
    if (Kinds[I] == Kind)
      return I;
  return 0;
}

ordered_json resultJson(const Change &C) {
  ordered_json Result;
  Result["ruleId"] = findingRuleId(C.Kind);
  Result["ruleIndex"] = ruleIndex(C.Kind);
  Result["level"] = C.Breaking && !C.CoveredBy ? "error" : "note";
  Result["message"] = {{"text", findingMessage(C)}};
  ordered_json Physical;
  Physical["artifactLocation"] = {{"uri", C.File}};
  if (C.Line) {
    ordered_json Region;
    Region["startLine"] = C.Line;
    if (C.Column)
      Region["startColumn"] = C.Column;
    Physical["region"] = std::move(Region);
  }
  ordered_json Location;
  Location["physicalLocation"] = std::move(Physical);
  if (!C.Module.empty())
    Location["logicalLocations"] =
        ordered_json::array({{{"fullyQualifiedName", C.Module}, {"kind", "type"}}});
  Result["locations"] = ordered_json::array({std::move(Location)});
  if (C.Suppressed)
    Result["suppressions"] =
        ordered_json::array({{{"kind", "external"}, {"justification", C.SuppressionReason}}});
  ordered_json Properties;
  Properties["module"] = C.Module;
  Properties["kind"] = changeKindName(C.Kind);
  if (C.OldKey)
    Properties["old_key"] = *C.OldKey;
  if (C.NewKey)
    Properties["new_key"] = *C.NewKey;
  if (C.Confidence)
    Properties["confidence"] = *C.Confidence;
  Properties["breaking"] = C.Breaking;
  Properties["covered_by"] = C.CoveredBy ? ordered_json(*C.CoveredBy) : ordered_json(nullptr);
  Result["properties"] = std::move(Properties);
  return Result;
}

} // namespace

ordered_json diffReportToSarif(const SchemaDiff &Diff, const ReportContext &Context) {
  ordered_json Driver;
  Driver["name"] = "modelcompat";
  Driver["version"] = Context.ToolVersion;
  Driver["rules"] = rulesJson();
  ordered_json Results = ordered_json::array();
  for (const Change &C : Diff.Changes)
    Results.push_back(resultJson(C));
  ordered_json Run;
  Run["tool"] = {{"driver", std::move(Driver)}};
  Run["results"] = std::move(Results);
  Run["properties"] = {{"base", {{"rev", Context.Base.Spec}, {"commit", Context.Base.Commit}}},
                       {"head", {{"rev", Context.Head.Spec}, {"commit", Context.Head.Commit}}},
                       {"unresolved_files", Diff.UnresolvedFiles}};
  ordered_json Log;
  Log["$schema"] = SarifSchemaUri;
  Log["version"] = "2.1.0";
  Log["runs"] = ordered_json::array({std::move(Run)});
  return Log;
}

std::string renderSarifReport(const SchemaDiff &Diff, const ReportContext &Context) {
  return diffReportToSarif(Diff, Context).dump(2) + "\n";
}

} // namespace modelcompat
