//===- InspectCommand.cpp -----------------------------------------------------===//
#include "Subcommand.h"

#include "modelcompat/support/Error.h"

namespace modelcompat {

// Placeholder until the subcommand lands; see the checkpoint issue.
int runInspectCommand(const std::vector<std::string> &, CommandContext &) {
  throw Error("this command is not implemented yet");
}

} // namespace modelcompat
