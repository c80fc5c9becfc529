//===- RuntimeOnlyCliTest.cpp - The CLI of a build without the analyzer ---===//
//
// Built only with -DMODELCOMPAT_BUILD_ANALYZER=OFF: the runtime commands are
// there; the analyzer's say what is missing and exit 1.
//
//===----------------------------------------------------------------------===//
#include "support/Process.h"

#include <gtest/gtest.h>

using namespace modelcompat::test;

TEST(RuntimeOnlyCli, HelpMarksTheAnalyzerCommandsAsMissing) {
  ProcessResult Help = runProcess({modelcompatBinary(), "--help"});
  ASSERT_EQ(Help.ExitCode, 0) << Help.Error;
  for (const char *Command : {"scan", "diff", "migrate "})
    EXPECT_NE(Help.Output.find(std::string("  ") + Command), std::string::npos);
  EXPECT_NE(Help.Output.find("from C++ source (not in this build)\n"), std::string::npos)
      << Help.Output;
  EXPECT_NE(Help.Output.find("compare forward passes\n"), std::string::npos) << Help.Output;
}

TEST(RuntimeOnlyCli, AnalyzerCommandsSayHowToGetThem) {
  for (const char *Command : {"scan", "diff", "migrate"}) {
    ProcessResult Result = runProcess({modelcompatBinary(), Command, "HEAD~1", "HEAD"});
    EXPECT_EQ(Result.ExitCode, 1);
    EXPECT_EQ(Result.Error, std::string("modelcompat: error: 'modelcompat ") + Command +
                                "' needs the analyzer, and this modelcompat was built without it "
                                "(MODELCOMPAT_BUILD_ANALYZER=OFF); run it with a build that has "
                                "Clang 14 (verify, inspect and migrate-checkpoint work here)\n");
  }
}
