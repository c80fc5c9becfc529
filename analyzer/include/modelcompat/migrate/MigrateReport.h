//===- MigrateReport.h - What `migrate` says it wrote -----------*- C++ -*-===//
//
// The report `migrate` prints after planning: the rename proposals and each
// migration's files as text, or the same as a JSON document (--format json).
// The command decides the exit code; this only renders.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_MIGRATE_MIGRATEREPORT_H
#define MODELCOMPAT_MIGRATE_MIGRATEREPORT_H

#include "modelcompat/migrate/DiffDocument.h"
#include "modelcompat/migrate/MigrationFiles.h"
#include "modelcompat/migrate/MigrationPlanner.h"

#include <string>
#include <vector>

namespace modelcompat {

/// What was planned and where its files went (or would go).
struct MigrateReportInput {
  const DiffDocument &Diff;
  const MigrationPlan &Plan;
  /// renderMigrationFiles(Plan): a spec and a C++ file per migration.
  const std::vector<MigrationFile> &Files;
  std::string Directory; ///< Where the files are written.
  bool DryRun = false;   ///< "would write" instead of "wrote".
};

/// "rename proposals:" (one indented line each), "wrote <spec>" and
/// "wrote <cpp> (N todos to resolve)" per migration, then a count line, or
/// "no migration needed between <base> and <head>".
std::string renderMigrateText(const MigrateReportInput &Input);

/// {"schema_version": 1, "base", "head", "migrations", "renames",
/// "warnings"}, indented by two, with a final newline.
std::string renderMigrateJson(const MigrateReportInput &Input);

} // namespace modelcompat

#endif
