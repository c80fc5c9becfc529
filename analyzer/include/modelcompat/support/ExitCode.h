//===- ExitCode.h - Exit-code bits shared by every subcommand ---*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_EXITCODE_H
#define MODELCOMPAT_SUPPORT_EXITCODE_H

namespace modelcompat {

/// Exit-code bits, after abidiff: a CI gate tests them with `$(( rc & 8 ))`.
enum ExitCodeBits : int {
  ExitOk = 0,
  ExitError = 1,          ///< Bad input, I/O failure, a build that failed.
  ExitUsage = 2,          ///< Unknown flag, missing argument, invalid option file.
  ExitChanges = 4,        ///< State-dict changes were found.
  ExitUncoveredBreaking = 8, ///< A breaking change that no migration covers,
                             ///< or a verification that failed.
};

} // namespace modelcompat

#endif
