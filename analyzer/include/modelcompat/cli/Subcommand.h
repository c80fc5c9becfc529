//===- Subcommand.h - The CLI's subcommand table ----------------*- C++ -*-===//
#ifndef MODELCOMPAT_CLI_SUBCOMMAND_H
#define MODELCOMPAT_CLI_SUBCOMMAND_H

#include <ostream>
#include <string>
#include <vector>

namespace modelcompat {

/// Streams a subcommand writes to: main passes std::cout and std::cerr, the
/// in-process tests string streams (tests/support/InProcessCli.h).
struct CommandContext {
  std::ostream &Out;
  std::ostream &Err;
};

/// Runs one subcommand on its arguments (after the subcommand's name) and
/// returns the exit code. Throws Error for input and usage errors; the driver
/// prints them and maps them to exit codes 1 and 2.
using SubcommandFn = int (*)(const std::vector<std::string> &Args, CommandContext &Context);

/// One row of the subcommand table.
struct Subcommand {
  const char *Name;
  const char *Summary;
  SubcommandFn Run;
  /// False where this build left out the half the command needs (a
  /// runtime-only build has no scan); running it says how to get it.
  bool Available = true;
};

/// Every subcommand, in the order --help lists them.
const std::vector<Subcommand> &subcommands();

/// The whole CLI: parses argv, dispatches, prints errors as
/// "modelcompat: error: ..." and returns the exit code.
int runModelcompat(const std::vector<std::string> &Args, CommandContext &Context);

// One entry point per subcommand, each in <Name>Command.cpp.
int runScanCommand(const std::vector<std::string> &Args, CommandContext &Context);
int runDiffCommand(const std::vector<std::string> &Args, CommandContext &Context);
int runMigrateCommand(const std::vector<std::string> &Args, CommandContext &Context);
int runInitCommand(const std::vector<std::string> &Args, CommandContext &Context);
int runVerifyCommand(const std::vector<std::string> &Args, CommandContext &Context);
int runInspectCommand(const std::vector<std::string> &Args, CommandContext &Context);
int runMigrateCheckpointCommand(const std::vector<std::string> &Args, CommandContext &Context);

} // namespace modelcompat

#endif
