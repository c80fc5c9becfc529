//===- TextReport.cpp - Compiler-style findings --------------------------===//
#include "modelcompat/report/TextReport.h"
#include "modelcompat/report/FindingText.h"

namespace modelcompat {

std::string findingLocation(const Change &C) {
  std::string Where = C.File.empty() ? "modelcompat" : C.File;
  if (C.Line) {
    Where += ":" + std::to_string(C.Line);
    if (C.Column)
      Where += ":" + std::to_string(C.Column);
  }
  return Where;
}

std::string revisionLabel(const ResolvedRevision &Revision) {
  return Revision.Spec + " (" + Revision.shortCommit() + ")";
}

std::string renderTextReport(const SchemaDiff &Diff, const ReportContext &Context) {
  std::string Out;
  for (const Change &C : Diff.Changes) {
    if (C.Suppressed)
      continue;
    Out += findingLocation(C) + ": " + findingSeverity(C) + ": " + findingMessage(C) + " [" +
           findingRuleId(C.Kind) + "]\n";
  }
  Out += summaryLine(Diff, revisionLabel(Context.Base), revisionLabel(Context.Head)) + "\n";
  return Out;
}

} // namespace modelcompat
