//===- Report.h - Render a diff for people, tools and CI --------*- C++ -*-===//
#ifndef MODELCOMPAT_REPORT_REPORT_H
#define MODELCOMPAT_REPORT_REPORT_H

#include "modelcompat/diff/SchemaDiff.h"
#include "modelcompat/support/ResolvedRevision.h"

#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// `--format`.
enum class ReportFormat { Text, Json, Sarif, Github };

/// "text", "json", "sarif", "github"; and the inverse.
const char *reportFormatName(ReportFormat Format);
std::optional<ReportFormat> parseReportFormat(const std::string &Name);
/// Every format name, in --help order.
std::vector<std::string> reportFormatNames();

/// What a report says besides the findings.
struct ReportContext {
  ResolvedRevision Base, Head; ///< The two sides as the report names them.
  std::string ToolVersion;
};

/// Renders Diff in Format; deterministic (no time stamps, sorted input).
std::string renderReport(const SchemaDiff &Diff, const ReportContext &Context, ReportFormat Format);

} // namespace modelcompat

#endif
