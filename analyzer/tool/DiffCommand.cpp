//===- DiffCommand.cpp - modelcompat diff ----------------------------------===//
#include "Subcommand.h"

#include "modelcompat/support/Error.h"

namespace modelcompat {

// Placeholder until the subcommand lands; see its issue.
int runDiffCommand(const std::vector<std::string> &, CommandContext &) {
  throw Error("'diff' is not implemented yet");
}

} // namespace modelcompat
