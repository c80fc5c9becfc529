//===- Report.cpp - The table of report formats --------------------------===//
#include "modelcompat/report/Report.h"
#include "modelcompat/report/GithubReport.h"
#include "modelcompat/report/JsonReport.h"
#include "modelcompat/report/SarifReport.h"
#include "modelcompat/report/TextReport.h"

#include <array>

namespace modelcompat {
namespace {

using Renderer = std::string (*)(const SchemaDiff &, const ReportContext &);

struct FormatRow {
  ReportFormat Format;
  const char *Name;
  Renderer Render;
};

constexpr std::array<FormatRow, 4> Formats = {{
    {ReportFormat::Text, "text", renderTextReport},
    {ReportFormat::Json, "json", renderJsonReport},
    {ReportFormat::Sarif, "sarif", renderSarifReport},
    {ReportFormat::Github, "github", renderGithubReport},
}};

} // namespace

const char *reportFormatName(ReportFormat Format) {
  for (const FormatRow &Row : Formats)
    if (Row.Format == Format)
      return Row.Name;
  return "text";
}

std::optional<ReportFormat> parseReportFormat(const std::string &Name) {
  for (const FormatRow &Row : Formats)
    if (Name == Row.Name)
      return Row.Format;
  return std::nullopt;
}

std::vector<std::string> reportFormatNames() {
  std::vector<std::string> Names;
  for (const FormatRow &Row : Formats)
    Names.push_back(Row.Name);
  return Names;
}

std::string renderReport(const SchemaDiff &Diff, const ReportContext &Context,
                         ReportFormat Format) {
  for (const FormatRow &Row : Formats)
    if (Row.Format == Format)
      return Row.Render(Diff, Context);
  return renderTextReport(Diff, Context);
}

} // namespace modelcompat
