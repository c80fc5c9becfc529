//===- MigrationCoverage.h - Findings that committed migrations map -*- C++ -*-===//
//
// A migration spec committed at head covers the findings of its module whose
// keys its rules map. The diff layer cannot see migrate/ (which depends on
// it), so the caller reduces each spec to the key patterns its rules consume
// and source (see coverageOfSpec in the CLI).
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_MIGRATIONCOVERAGE_H
#define MODELCOMPAT_DIFF_MIGRATIONCOVERAGE_H

#include "modelcompat/diff/SchemaDiff.h"
#include "modelcompat/schema/KeyPattern.h" // matchesKeyPattern

#include <string>
#include <vector>

namespace modelcompat {

/// What one migration spec maps, as far as coverage goes.
struct MigrationCoverage {
  std::string Path;   ///< Repository-relative spec path, reported as covered_by.
  std::string Module; ///< The spec's class.
  /// Base keys its rules consume (rename/reshape/split "from", merge "keys",
  /// drop "key"); patterns may hold "{i}" placeholders.
  std::vector<std::string> OldKeys;
  /// Head keys its rules source (rename/reshape/merge "to", split "keys",
  /// init "key").
  std::vector<std::string> NewKeys;
};

/// Whether a spec maps a change: the same module (or, for a renamed class,
/// its base name) and the change's keys among the spec's: removed needs the
/// old key consumed, added the new key sourced, renamed and reshaped both.
/// Unresolved and class-renamed findings are never covered.
bool coversChange(const MigrationCoverage &Spec, const Change &C);

/// Sets CoveredBy on every change that a spec covers (the first by path).
void applyMigrationCoverage(SchemaDiff &Diff, std::vector<MigrationCoverage> Specs);

} // namespace modelcompat

#endif
