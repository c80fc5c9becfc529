//===- GithubReport.cpp - GitHub Actions workflow commands ---------------===//
#include "modelcompat/report/GithubReport.h"
#include "modelcompat/report/FindingText.h"
#include "modelcompat/report/TextReport.h"

namespace modelcompat {

std::string escapeWorkflowCommand(const std::string &Text, bool IsProperty) {
  std::string Out;
  for (char C : Text) {
    switch (C) {
    case '%':
      Out += "%25";
      break;
    case '\r':
      Out += "%0D";
      break;
    case '\n':
      Out += "%0A";
      break;
    case ':':
      Out += IsProperty ? "%3A" : ":";
      break;
    case ',':
      Out += IsProperty ? "%2C" : ",";
      break;
    default:
      Out += C;
    }
  }
  return Out;
}

std::string renderGithubReport(const SchemaDiff &Diff, const ReportContext &Context) {
  std::string Out;
  for (const Change &C : Diff.Changes) {
    if (C.Suppressed)
      continue;
    Out += C.Breaking && !C.CoveredBy ? "::error " : "::notice ";
    Out += "file=" + escapeWorkflowCommand(C.File, true);
    if (C.Line) {
      Out += ",line=" + std::to_string(C.Line);
      if (C.Column)
        Out += ",col=" + std::to_string(C.Column);
    }
    Out += ",title=" + escapeWorkflowCommand(findingRuleId(C.Kind), true) +
           "::" + escapeWorkflowCommand(findingMessage(C), false) + "\n";
  }
  Out += "::notice title=modelcompat::" +
         escapeWorkflowCommand(
             summaryLine(Diff, revisionLabel(Context.Base), revisionLabel(Context.Head)), false) +
         "\n";
  return Out;
}

} // namespace modelcompat
