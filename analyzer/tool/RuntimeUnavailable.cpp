//===- RuntimeUnavailable.cpp - Runtime commands in analyzer-only builds -===//
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/support/Error.h"

namespace modelcompat {

// Built into a CLI without libtorch: -DMODELCOMPAT_BUILD_RUNTIME=OFF, and the
// analyzer-only CLI the in-process tests link (analyzer/CMakeLists.txt).
int runInspectCommand(const std::vector<std::string> &, CommandContext &) {
  throw Error("this modelcompat was built without the runtime checker "
              "(MODELCOMPAT_BUILD_RUNTIME=OFF)");
}

int runMigrateCheckpointCommand(const std::vector<std::string> &Args, CommandContext &Context) {
  return runInspectCommand(Args, Context);
}

} // namespace modelcompat
