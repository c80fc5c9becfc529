//===- DiffSummary.h - Counts and the CI verdict of a diff ------*- C++ -*-===//
#ifndef MODELCOMPAT_DIFF_DIFFSUMMARY_H
#define MODELCOMPAT_DIFF_DIFFSUMMARY_H

#include "modelcompat/diff/SchemaDiff.h"

#include <optional>
#include <string>

namespace modelcompat {

/// Which findings set exit bit 8 (`--fail-on`).
enum class FailOn {
  Breaking, ///< Unsuppressed breaking findings no migration covers (default).
  Any,      ///< Any unsuppressed finding no migration covers.
  Never,    ///< None; and bit 4 is not set either: exit 0 unless trouble.
};

/// "breaking", "any", "never"; and the inverse.
const char *failOnName(FailOn Policy);
std::optional<FailOn> parseFailOn(const std::string &Name);

/// The "summary" object of the json report.
struct DiffSummary {
  size_t Total = 0;             ///< Every finding, suppressed ones included.
  size_t Breaking = 0;          ///< Findings marked breaking.
  size_t Covered = 0;           ///< Findings a migration covers.
  size_t Suppressed = 0;        ///< Findings a suppression matched.
  size_t UncoveredBreaking = 0; ///< Breaking, not covered, not suppressed.
};

DiffSummary summarizeDiff(const SchemaDiff &Diff);

/// What a diff tells a CI gate; the CLI turns it into exit bits.
struct DiffVerdict {
  bool HasFindings = false; ///< A finding no suppression matched.
  bool Fails = false;       ///< One of them that Policy fails on.
};

/// Judges Diff under Policy (FailOn::Never fails on nothing).
DiffVerdict judgeDiff(const SchemaDiff &Diff, FailOn Policy);

} // namespace modelcompat

#endif
