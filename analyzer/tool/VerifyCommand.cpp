//===- VerifyCommand.cpp - modelcompat verify ----------------------------------===//
#include "Subcommand.h"

#include "modelcompat/support/Error.h"

namespace modelcompat {

// Placeholder until the subcommand lands; see its issue.
int runVerifyCommand(const std::vector<std::string> &, CommandContext &) {
  throw Error("'verify' is not implemented yet");
}

} // namespace modelcompat
