//===- JsonReport.cpp - The diff JSON contract ---------------------------===//
#include "modelcompat/report/JsonReport.h"
#include "modelcompat/diff/DiffSummary.h"

namespace modelcompat {

using nlohmann::ordered_json;

namespace {

template <typename T> ordered_json orNull(const std::optional<T> &Value) {
  return Value ? ordered_json(*Value) : ordered_json(nullptr);
}

ordered_json textOrNull(const std::string &Text) {
  return Text.empty() ? ordered_json(nullptr) : ordered_json(Text);
}

} // namespace

ordered_json changeToJson(const Change &C) {
  ordered_json Out;
  Out["module"] = C.Module;
  Out["kind"] = changeKindName(C.Kind);
  Out["entry_kind"] = entryKindName(C.Entry);
  Out["old_key"] = orNull(C.OldKey);
  Out["new_key"] = orNull(C.NewKey);
  Out["old_shape"] = orNull(C.OldShape);
  Out["new_shape"] = orNull(C.NewShape);
  Out["confidence"] = orNull(C.Confidence);
  Out["breaking"] = C.Breaking;
  Out["covered_by"] = orNull(C.CoveredBy);
  Out["suppressed"] = C.Suppressed;
  Out["file"] = C.File;
  Out["line"] = C.Line;
  // Beyond the example in the issue, documented in docs/cli.md.
  Out["column"] = C.Column;
  Out["old_module"] = textOrNull(C.OldModule);
  Out["old_layer"] = textOrNull(C.OldLayer);
  Out["new_layer"] = textOrNull(C.NewLayer);
  Out["old_condition"] = orNull(C.OldCondition);
  Out["new_condition"] = orNull(C.NewCondition);
  Out["reason"] = textOrNull(C.Reason);
  Out["suppression_reason"] = textOrNull(C.SuppressionReason);
  return Out;
}

ordered_json diffReportToJson(const SchemaDiff &Diff, const ReportContext &Context) {
  ordered_json Changes = ordered_json::array();
  for (const Change &C : Diff.Changes)
    Changes.push_back(changeToJson(C));
  DiffSummary S = summarizeDiff(Diff);
  ordered_json Out;
  Out["schema_version"] = DiffSchemaVersion;
  Out["base"] = {{"rev", Context.Base.Spec}, {"commit", Context.Base.Commit}};
  Out["head"] = {{"rev", Context.Head.Spec}, {"commit", Context.Head.Commit}};
  Out["changes"] = std::move(Changes);
  Out["unresolved_files"] = Diff.UnresolvedFiles;
  Out["summary"] = {{"total", S.Total},
                    {"breaking", S.Breaking},
                    {"covered", S.Covered},
                    {"suppressed", S.Suppressed}};
  return Out;
}

std::string renderJsonReport(const SchemaDiff &Diff, const ReportContext &Context) {
  return diffReportToJson(Diff, Context).dump(2) + "\n";
}

} // namespace modelcompat
