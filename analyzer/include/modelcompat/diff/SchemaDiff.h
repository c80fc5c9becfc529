//===- SchemaDiff.h - Changes between two sets of module schemas -*- C++ -*-===//
#ifndef MODELCOMPAT_DIFF_SCHEMADIFF_H
#define MODELCOMPAT_DIFF_SCHEMADIFF_H

#include "modelcompat/schema/ModuleSchema.h"

#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// What happened to a state key (or a class) between base and head.
enum class ChangeKind {
  Added,
  Removed,
  Renamed,
  Reshaped,
  Retyped,
  ConditionChanged,
  ClassRenamed,
  Unresolved,
  LoopBoundChanged,       ///< Unrolled items became a loop family, or back.
  ShapeExpressionChanged, ///< Shape text differs, equal under the defaults.
};

/// "added", "removed", "renamed", "reshaped", "retyped", "condition-changed",
/// "class-renamed", "unresolved", "loop-bound-changed",
/// "shape-expression-changed"; and the inverse.
const char *changeKindName(ChangeKind Kind);
std::optional<ChangeKind> parseChangeKind(const std::string &Name);

/// One finding. Keys are relative to the module class.
struct Change {
  std::string Module;    ///< Class at head (at base for a removed class).
  std::string OldModule; ///< class-renamed: the base class name.
  ChangeKind Kind = ChangeKind::Added;
  EntryKind Entry = EntryKind::Parameter; ///< "entry_kind" in JSON.
  std::optional<std::string> OldKey, NewKey;
  std::optional<SymbolicShape> OldShape, NewShape;
  std::string OldLayer, NewLayer; ///< Layer types (for retyped).
  std::optional<std::string> OldCondition, NewCondition;
  std::optional<double> Confidence; ///< renamed, class-renamed.
  std::string Reason;               ///< Why a rename was proposed; unresolved: why.
  bool Breaking = true;
  std::optional<std::string> CoveredBy; ///< Migration file that maps it.
  bool Suppressed = false;
  std::string SuppressionReason;
  std::string File; ///< Head file (base file for removals).
  unsigned Line = 0;
  unsigned Column = 0;
};

/// All findings between two scans, sorted by module, then key.
/// How much of one side's code could be read.
struct ScanHealth {
  unsigned FilesWithErrors = 0;
  unsigned ClassesRecovered = 0;  ///< Read although their files had errors
                                  ///< or missing headers.
  unsigned ClassesUnreadable = 0; ///< ModuleSchema::Unreadable set.

  bool troubled() const { return FilesWithErrors || ClassesRecovered || ClassesUnreadable; }
};

struct SchemaDiff {
  std::vector<Change> Changes;
  std::vector<std::string> UnresolvedFiles; ///< Files that failed to parse.
  ScanHealth BaseScan, HeadScan;
  /// Findings the engine dropped because they broke one of its invariants
  /// (DiffInvariants): a bug, said on stderr rather than hidden.
  std::vector<std::string> InvariantViolations;
};

} // namespace modelcompat

#endif
