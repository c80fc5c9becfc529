//===- SarifReport.h - SARIF 2.1.0 for code-scanning tools ------*- C++ -*-===//
#ifndef MODELCOMPAT_REPORT_SARIFREPORT_H
#define MODELCOMPAT_REPORT_SARIFREPORT_H

#include "modelcompat/report/Report.h"

#include <nlohmann/json.hpp>

namespace modelcompat {

/// The $schema a SARIF log names.
inline constexpr const char *SarifSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json";

/// One run by driver "modelcompat" with one rule per finding kind; results
/// located at the head line (the base line for removals); suppressed
/// findings carry an external suppression with its justification.
nlohmann::ordered_json diffReportToSarif(const SchemaDiff &Diff, const ReportContext &Context);

std::string renderSarifReport(const SchemaDiff &Diff, const ReportContext &Context);

} // namespace modelcompat

#endif
