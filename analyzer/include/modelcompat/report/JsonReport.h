//===- JsonReport.h - The diff JSON contract --------------------*- C++ -*-===//
#ifndef MODELCOMPAT_REPORT_JSONREPORT_H
#define MODELCOMPAT_REPORT_JSONREPORT_H

#include "modelcompat/report/Report.h"

#include <nlohmann/json.hpp>

namespace modelcompat {

/// Version written as "schema_version".
inline constexpr int DiffSchemaVersion = 1;

/// The document documented in docs/cli.md, members in contract order.
nlohmann::ordered_json diffReportToJson(const SchemaDiff &Diff, const ReportContext &Context);

/// One element of "changes".
nlohmann::ordered_json changeToJson(const Change &C);

/// The document, indented by two spaces, with a final newline.
std::string renderJsonReport(const SchemaDiff &Diff, const ReportContext &Context);

} // namespace modelcompat

#endif
