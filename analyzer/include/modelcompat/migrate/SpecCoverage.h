//===- SpecCoverage.h - What a committed migration covers -------*- C++ -*-===//
#ifndef MODELCOMPAT_MIGRATE_SPECCOVERAGE_H
#define MODELCOMPAT_MIGRATE_SPECCOVERAGE_H

#include "modelcompat/diff/MigrationCoverage.h"
#include "modelcompat/migrate/MigrationSpec.h"

#include <string>

namespace modelcompat {

/// Reduces Spec, committed at Path, to the keys its rules consume and
/// source, for diff's coverage: rename/reshape/split/merge/drop consume,
/// rename/reshape/split/merge/init source; a `todo` covers nothing, so a
/// migration a human has not finished leaves its findings uncovered.
MigrationCoverage coverageOfSpec(const MigrationSpec &Spec, const std::string &Path);

} // namespace modelcompat

#endif
