//===- TextReport.h - Compiler-style findings -------------------*- C++ -*-===//
#ifndef MODELCOMPAT_REPORT_TEXTREPORT_H
#define MODELCOMPAT_REPORT_TEXTREPORT_H

#include "modelcompat/report/Report.h"

namespace modelcompat {

/// "file:line:col: severity: message [rule]" per unsuppressed finding, then
/// the summary line.
std::string renderTextReport(const SchemaDiff &Diff, const ReportContext &Context);

/// "models/attn.h:42:5" (line and column when known).
std::string findingLocation(const Change &C);

/// "v1 (1a2b3c4d5e6f)".
std::string revisionLabel(const ResolvedRevision &Revision);

} // namespace modelcompat

#endif
