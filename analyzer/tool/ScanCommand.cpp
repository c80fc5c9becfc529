//===- ScanCommand.cpp - modelcompat scan ----------------------------------===//
#include "Subcommand.h"

#include "modelcompat/support/Error.h"

namespace modelcompat {

// Placeholder until the subcommand lands; see its issue.
int runScanCommand(const std::vector<std::string> &, CommandContext &) {
  throw Error("'scan' is not implemented yet");
}

} // namespace modelcompat
