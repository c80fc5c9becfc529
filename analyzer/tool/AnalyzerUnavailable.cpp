//===- AnalyzerUnavailable.cpp - Analyzer commands in runtime-only builds -===//
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/support/Error.h"

namespace modelcompat {

// Built only with -DMODELCOMPAT_BUILD_ANALYZER=OFF, where Clang 14 is absent:
// a GPU runner that verifies against PyTorch's libtorch, say. The static
// half runs wherever Clang 14 is installed; its results travel as files.
namespace {
[[noreturn]] void analyzerUnavailable(const char *Command) {
  throw Error(std::string("'modelcompat ") + Command +
              "' needs the analyzer, and this modelcompat was built without it "
              "(MODELCOMPAT_BUILD_ANALYZER=OFF); run it with a build that has "
              "Clang 14 (verify, inspect and migrate-checkpoint work here)");
}
} // namespace

int runScanCommand(const std::vector<std::string> &, CommandContext &) {
  analyzerUnavailable("scan");
}

int runDiffCommand(const std::vector<std::string> &, CommandContext &) {
  analyzerUnavailable("diff");
}

int runMigrateCommand(const std::vector<std::string> &, CommandContext &) {
  analyzerUnavailable("migrate");
}

int runInitCommand(const std::vector<std::string> &, CommandContext &) {
  analyzerUnavailable("init");
}

} // namespace modelcompat
