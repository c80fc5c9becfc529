//===- Driver.cpp - Dispatch to subcommands, map errors to exit codes ----===//
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/cli/ExitCode.h"
#include "modelcompat/support/Error.h"

#include <iomanip>

namespace modelcompat {

#ifdef MODELCOMPAT_HAVE_ANALYZER
constexpr bool HaveAnalyzer = true;
#else
constexpr bool HaveAnalyzer = false;
#endif
#ifdef MODELCOMPAT_HAVE_RUNTIME
constexpr bool HaveRuntime = true;
#else
constexpr bool HaveRuntime = false;
#endif

const std::vector<Subcommand> &subcommands() {
  static const std::vector<Subcommand> Table = {
      {"scan", "extract the state-dict schema of libtorch modules from C++ source", runScanCommand,
       HaveAnalyzer},
      {"diff", "compare module schemas between two git revisions", runDiffCommand, HaveAnalyzer},
      {"migrate", "generate migration specs and C++ stubs from a diff", runMigrateCommand,
       HaveAnalyzer},
      {"init", "write a starting modelcompat.json (verify's manifest) from a scan", runInitCommand,
       HaveAnalyzer},
      {"verify", "build the model at two revisions and compare forward passes", runVerifyCommand,
       HaveRuntime},
      {"inspect", "list the tensors of a checkpoint", runInspectCommand, HaveRuntime},
      {"migrate-checkpoint", "apply migration specs to a checkpoint file",
       runMigrateCheckpointCommand, HaveRuntime},
  };
  return Table;
}

namespace {

void printUsage(std::ostream &Out) {
  Out << "usage: modelcompat <command> [options]\n\n"
         "Keeps libtorch model code and its checkpoints compatible.\n\n"
         "commands:\n";
  for (const Subcommand &Command : subcommands())
    Out << "  " << std::left << std::setw(20) << Command.Name << Command.Summary
        << (Command.Available ? "" : " (not in this build)") << "\n";
  Out << "\nRun 'modelcompat <command> --help' for a command's options.\n"
         "Exit codes (bits, as abidiff): 1 error, 2 usage error, 4 changes "
         "found,\n8 breaking changes that no migration covers (or a failed "
         "verification).\n";
}

const Subcommand *findSubcommand(const std::string &Name) {
  for (const Subcommand &Command : subcommands())
    if (Name == Command.Name)
      return &Command;
  return nullptr;
}

} // namespace

int runModelcompat(const std::vector<std::string> &Args, CommandContext &Context) {
  if (Args.empty()) {
    printUsage(Context.Err);
    return ExitUsage;
  }
  const std::string &First = Args.front();
  if (First == "--help" || First == "-h" || First == "help") {
    printUsage(Context.Out);
    return ExitOk;
  }
  if (First == "--version") {
    Context.Out << "modelcompat " << MODELCOMPAT_VERSION << "\n";
    return ExitOk;
  }
  const Subcommand *Command = findSubcommand(First);
  try {
    if (!Command)
      throw usageError("unknown command '" + First + "' (run 'modelcompat --help')");
    return Command->Run({Args.begin() + 1, Args.end()}, Context);
  } catch (const Error &E) {
    Context.Err << "modelcompat: error: " << E.what() << "\n";
    return E.kind() == ErrorKind::Usage ? ExitUsage : ExitError;
  } catch (const std::exception &E) {
    Context.Err << "modelcompat: error: " << E.what() << "\n";
    return ExitError;
  }
}

} // namespace modelcompat
