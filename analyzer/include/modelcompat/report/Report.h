//===- Report.h - Render a diff for people, tools and CI --------*- C++ -*-===//
#ifndef MODELCOMPAT_REPORT_REPORT_H
#define MODELCOMPAT_REPORT_REPORT_H

#include "modelcompat/diff/SchemaDiff.h"

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

/// One side of the comparison as the report names it.
struct ReportRevision {
  std::string Rev;    ///< As the user wrote it: "v1", "HEAD".
  std::string Commit; ///< Full sha.
};

/// What a report says besides the findings.
struct ReportContext {
  ReportRevision Base, Head;
  std::string ToolVersion;
};

/// Renders Diff in Format; deterministic (no time stamps, sorted input).
std::string renderReport(const SchemaDiff &Diff, const ReportContext &Context,
                         ReportFormat Format);

} // namespace modelcompat

#endif
