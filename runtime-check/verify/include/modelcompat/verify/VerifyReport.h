//===- VerifyReport.h - Render verify's result ------------------*- C++ -*-===//
//
// The result of a verify run is one JSON document (the `--format json`
// output, docs/runtime-check.md); the text and HTML reports render it.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_VERIFYREPORT_H
#define MODELCOMPAT_VERIFY_VERIFYREPORT_H

#include <nlohmann/json.hpp>

#include <string>

namespace modelcompat {

/// The version written as the report's "schema_version".
inline constexpr int VerifyReportVersion = 1;

/// Whether every checkpoint of every model passed.
bool verifyPassed(const nlohmann::json &Report);

/// The human-readable summary.
std::string renderVerifyText(const nlohmann::json &Report);

/// A self-contained HTML page: per-output and per-probe errors as an inline
/// SVG bar chart (log scale), the ledger as a table, the migrations applied.
std::string renderVerifyHtml(const nlohmann::json &Report);

/// "3.2e-01", "0", "inf", "nan": an error value as reports print it.
std::string formatErrorValue(const nlohmann::json &Value);

} // namespace modelcompat

#endif
