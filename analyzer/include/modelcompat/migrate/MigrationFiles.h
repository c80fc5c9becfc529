//===- MigrationFiles.h - Naming and writing migration files ----*- C++ -*-===//
//
// `migrate` writes two files per migration, "<stem>.json" (the spec) and
// "<stem>.cpp" (the C++), where the stem derives from the module class and
// the short commit ids. Module names come from the code under review and may
// be hostile: stems hold only [A-Za-z0-9._-], never "..", never a leading
// '.' or '-', so a file can only land inside the output directory.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_MIGRATE_MIGRATIONFILES_H
#define MODELCOMPAT_MIGRATE_MIGRATIONFILES_H

#include "modelcompat/migrate/MigrationPlanner.h"
#include "modelcompat/support/AtomicFile.h"

#include <string>
#include <vector>

namespace modelcompat {

/// Text as one safe file-name component (see the file comment); at most
/// MaxSize characters, with a stable hash suffix when it had to be cut.
std::string sanitiseFileName(const std::string &Text, size_t MaxSize = 96);

/// "ns_AttnBlockImpl-1a2b3c4d5e6f-7a8b9c0d1e2f" for Spec.
std::string migrationFileStem(const MigrationSpec &Spec);

/// One file to write, named relative to the output directory.
struct MigrationFile {
  std::string Name;
  std::string Contents;
};

/// The spec and C++ of every migration in Plan. Stems that two modules
/// share after sanitising get a stable hash of the module name appended.
std::vector<MigrationFile> renderMigrationFiles(const MigrationPlan &Plan);

/// Writes Files into Directory (created if missing), each atomically. With
/// OverwritePolicy::Refuse nothing is written when any file already exists;
/// the error names the first one.
void writeMigrationFiles(const std::vector<MigrationFile> &Files, const std::string &Directory,
                         OverwritePolicy Policy);

} // namespace modelcompat

#endif
