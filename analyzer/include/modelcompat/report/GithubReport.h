//===- GithubReport.h - GitHub Actions workflow commands --------*- C++ -*-===//
#ifndef MODELCOMPAT_REPORT_GITHUBREPORT_H
#define MODELCOMPAT_REPORT_GITHUBREPORT_H

#include "modelcompat/report/Report.h"

namespace modelcompat {

/// "::error file=F,line=L,col=C,title=state-dict-renamed::message" for each
/// breaking finding no migration covers, "::notice ..." for the others
/// (suppressed ones are left out), then "::notice title=modelcompat::summary".
std::string renderGithubReport(const SchemaDiff &Diff, const ReportContext &Context);

/// Escapes a workflow-command message (%, CR, LF) or, with IsProperty, a
/// property value (also ':' and ',').
std::string escapeWorkflowCommand(const std::string &Text, bool IsProperty);

} // namespace modelcompat

#endif
