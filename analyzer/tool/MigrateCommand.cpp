//===- MigrateCommand.cpp - modelcompat migrate ----------------------------------===//
#include "Subcommand.h"

#include "modelcompat/support/Error.h"

namespace modelcompat {

// Placeholder until the subcommand lands; see its issue.
int runMigrateCommand(const std::vector<std::string> &, CommandContext &) {
  throw Error("'migrate' is not implemented yet");
}

} // namespace modelcompat
