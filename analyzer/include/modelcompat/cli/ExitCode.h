//===- ExitCode.h - Exit-code bits shared by every subcommand ---*- C++ -*-===//
//
// Only the tool layer (the subcommands) decides exit codes: libraries return
// what they found (a DiffVerdict, whether verify passed) and the commands map
// it here.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_CLI_EXITCODE_H
#define MODELCOMPAT_CLI_EXITCODE_H

#include "modelcompat/diff/DiffSummary.h"

namespace modelcompat {

/// Exit-code bits, after abidiff: a CI gate tests them with `$(( rc & 8 ))`.
enum ExitCodeBits : int {
  ExitOk = 0,
  ExitError = 1,             ///< Bad input, I/O failure, a build that failed.
  ExitUsage = 2,             ///< Unknown flag, missing argument, invalid option file.
  ExitChanges = 4,           ///< State-dict changes were found.
  ExitUncoveredBreaking = 8, ///< A breaking change that no migration covers,
                             ///< or a verification that failed.
};

/// Exit bits 4 (unsuppressed findings) and 8 (per Policy), abidiff style;
/// FailOn::Never sets neither.
inline int diffExitCode(const SchemaDiff &Diff, FailOn Policy) {
  if (Policy == FailOn::Never)
    return ExitOk;
  DiffVerdict Verdict = judgeDiff(Diff, Policy);
  return (Verdict.HasFindings ? ExitChanges : ExitOk) |
         (Verdict.Fails ? ExitUncoveredBreaking : ExitOk);
}

} // namespace modelcompat

#endif
