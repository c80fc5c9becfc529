// The driver's dispatch in-process; the version and the command table of the
// binary this build installs, through it.
#include "support/InProcessCli.h"

#include <gtest/gtest.h>

using namespace modelcompat::test;

TEST(Driver, UnknownCommandIsAUsageError) {
  ProcessResult Result = runModelcompatInProcess({"frobnicate"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error,
            "modelcompat: error: unknown command 'frobnicate' (run 'modelcompat --help')\n");
}

TEST(Driver, VersionPrintsTheProjectVersion) {
  ProcessResult Result = runModelcompatBinary({"--version"});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Output.rfind("modelcompat ", 0), 0u);
}

TEST(Driver, HelpListsEverySubcommand) {
  ProcessResult Result = runModelcompatBinary({"--help"});
  EXPECT_EQ(Result.ExitCode, 0);
  for (const char *Command : {"scan", "diff", "migrate", "verify", "inspect", "migrate-checkpoint"})
    EXPECT_NE(Result.Output.find(std::string("  ") + Command + " "), std::string::npos) << Command;
}
