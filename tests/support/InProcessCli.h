//===- InProcessCli.h - Run the modelcompat CLI inside the test -*- C++ -*-===//
//
// CLI tests that check what a command prints, writes, caches or refuses call
// runModelcompat in the test's own process instead of starting the binary:
// the binary loads libtorch (about a second of static initialisers before
// main) for every command, and the analyzer's commands never use it. The few
// tests of the process itself (exit status, stdout/stderr plumbing, the
// working directory a default path is relative to) keep running the binary
// through runProcess.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TESTS_INPROCESSCLI_H
#define MODELCOMPAT_TESTS_INPROCESSCLI_H

#include "support/Process.h"

#include <string>
#include <vector>

namespace modelcompat::test {

/// Runs `modelcompat Args...` (Args start with the subcommand) in this
/// process and returns what the binary would have left: exit code, stdout
/// and stderr. A child process takes its working directory, umask and
/// environment with it, and everything it writes to descriptors 1 and 2 is
/// its output; so the run fails the test if it changed any of the three
/// (they are put back for the next run) or wrote to the test's own
/// stdout/stderr instead of the streams runModelcompat is given.
ProcessResult runModelcompatInProcess(const std::vector<std::string> &Args);

} // namespace modelcompat::test

#endif
