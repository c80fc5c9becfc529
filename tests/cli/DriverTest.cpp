#include "support/Process.h"

#include <gtest/gtest.h>

using namespace modelcompat::test;

TEST(Driver, UnknownCommandIsAUsageError) {
  ProcessResult Result = runProcess({modelcompatBinary(), "frobnicate"});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error,
            "modelcompat: error: unknown command 'frobnicate' (run 'modelcompat --help')\n");
}

TEST(Driver, VersionPrintsTheProjectVersion) {
  ProcessResult Result = runProcess({modelcompatBinary(), "--version"});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Output.rfind("modelcompat ", 0), 0u);
}

TEST(Driver, HelpListsEverySubcommand) {
  ProcessResult Result = runProcess({modelcompatBinary(), "--help"});
  EXPECT_EQ(Result.ExitCode, 0);
  for (const char *Command : {"scan", "diff", "migrate", "verify", "inspect",
                              "migrate-checkpoint"})
    EXPECT_NE(Result.Output.find(std::string("  ") + Command + " "), std::string::npos)
        << Command;
}
