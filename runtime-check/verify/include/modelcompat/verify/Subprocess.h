//===- Subprocess.h - Run tools (git, cmake, the harness) -------*- C++ -*-===//
#ifndef MODELCOMPAT_VERIFY_SUBPROCESS_H
#define MODELCOMPAT_VERIFY_SUBPROCESS_H

#include <string>
#include <vector>

namespace modelcompat {

/// Where a subprocess runs and where its output goes.
struct SubprocessOptions {
  std::string WorkingDirectory; ///< Empty: the caller's.
  /// Both stdout and stderr are appended to this file when set; otherwise
  /// they are captured into SubprocessResult.
  std::string LogFile;
  std::vector<std::string> Environment; ///< Extra "NAME=value" entries.
};

/// What a finished subprocess left behind.
struct SubprocessResult {
  int ExitCode = -1;  ///< 128 + signal when killed by one.
  std::string Output; ///< stdout, when not logged to a file.
  std::string Error;  ///< stderr, when not logged to a file.
};

/// Runs Argv (no shell; Argv[0] looked up on PATH) and waits for it. Throws
/// Error naming the program when it cannot be started at all.
SubprocessResult runSubprocess(const std::vector<std::string> &Argv,
                               const SubprocessOptions &Options = {});

/// Whether Program is an executable found on PATH (or an existing path).
bool programExists(const std::string &Program);

/// The absolute path of the running executable, or empty.
std::string currentExecutablePath();

} // namespace modelcompat

#endif
