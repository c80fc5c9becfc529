//===- Process.h - Run a subprocess and capture its output ------*- C++ -*-===//
#ifndef MODELCOMPAT_TESTS_PROCESS_H
#define MODELCOMPAT_TESTS_PROCESS_H

#include <string>
#include <vector>

namespace modelcompat::test {

/// What a finished subprocess left behind.
struct ProcessResult {
  int ExitCode = -1;
  std::string Output; ///< stdout
  std::string Error;  ///< stderr
};

/// Options for runProcess.
struct ProcessOptions {
  std::string WorkingDirectory;         ///< Empty: the test's.
  std::string Input;                    ///< Fed to stdin.
  std::vector<std::string> Environment; ///< Extra "NAME=value" entries.
};

/// Runs Argv (no shell) and waits for it.
ProcessResult runProcess(const std::vector<std::string> &Argv, const ProcessOptions &Options = {});

/// Runs a shell command line with /bin/sh -c; for test set-up only.
ProcessResult runShell(const std::string &Command, const ProcessOptions &Options = {});

/// The path of the built modelcompat binary.
std::string modelcompatBinary();

/// Runs the modelcompat binary on Args (which start with the subcommand): for
/// the tests of the process itself; the rest run the CLI in-process
/// (InProcessCli.h) with the same Args.
ProcessResult runModelcompatBinary(const std::vector<std::string> &Args,
                                   const ProcessOptions &Options = {});

} // namespace modelcompat::test

#endif
