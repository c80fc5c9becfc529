//===- DiffSchemas.h - Compare two scans class by class ---------*- C++ -*-===//
#ifndef MODELCOMPAT_DIFF_DIFFSCHEMAS_H
#define MODELCOMPAT_DIFF_DIFFSCHEMAS_H

#include "modelcompat/diff/SchemaDiff.h"

#include <set>
#include <string>

namespace modelcompat {

/// How to compare.
struct DiffOptions {
  /// Rename proposals scoring below this are reported as removed + added.
  double RenameThreshold = 0.6;
  /// Files whose own content and included project headers are identical at
  /// both commits. A file with compile errors at both commits that is listed
  /// here is compared as it parsed (it cannot have changed); any other file
  /// with errors makes its classes unresolved.
  std::set<std::string> UnchangedFiles;
};

/// Compares two flattened scans: matches classes (by name, layout and file),
/// reports class renames, unresolved classes of files that failed to parse,
/// and the key changes of every matched pair. Classes present at one commit
/// only are not findings by themselves; their keys appear in the classes
/// that embed them. Changes are sorted by module, then key, then kind.
/// What a scan says about how much of its code could be read.
ScanHealth scanHealth(const ScanResult &Result);

SchemaDiff diffSchemas(const ScanResult &Base, const ScanResult &Head, const DiffOptions &Options);

/// The order of SchemaDiff::Changes: module, key (old key, else new key),
/// kind.
void sortChanges(std::vector<Change> &Changes);

} // namespace modelcompat

#endif
