// The parser identity keys the diff cache and the precompiled libtorch
// header: it must follow the libtorch install, not only modelcompat's version.
#include "modelcompat/extract/ParserIdentity.h"
#include "support/Process.h"
#include "support/TempDirectory.h"

#include "ExtractInternal.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

using namespace modelcompat;

TEST(ParserIdentity, IsStableForTheSameInstall) {
  EXPECT_FALSE(parserIdentity().empty());
  EXPECT_EQ(parserIdentity(), parserIdentity());
}

TEST(ParserIdentity, FollowsTheLibtorchHeaders) {
  test::TempDirectory Temp;
  Temp.write("torch-a/torch/version.h", "#define TORCH_VERSION \"1.13.0\"\n");
  const std::string Dirs = Temp.file("torch-a");
  const std::string Before = parserIdentityFor(Dirs);
  EXPECT_EQ(parserIdentityFor(Dirs), Before);
  EXPECT_NE(parserIdentityFor(""), Before) << "the headers are part of it";

  Temp.write("torch-a/torch/version.h", "#define TORCH_VERSION \"2.6.0+debian\"\n");
  EXPECT_NE(parserIdentityFor(Dirs), Before) << "an upgraded libtorch";

  Temp.write("torch-b/torch/version.h", "#define TORCH_VERSION \"2.6.0+debian\"\n");
  EXPECT_NE(parserIdentityFor(Temp.file("torch-b")), parserIdentityFor(Dirs))
      << "another install";
  EXPECT_EQ(parserIdentityFor(Dirs + ":" + Temp.file("missing")), parserIdentityFor(Dirs))
      << "a search-path entry without libtorch headers changes nothing";
}

// The same packages on another machine, or restored by CI, have other times.
TEST(ParserIdentity, FollowsContentsNotTimes) {
  test::TempDirectory Temp;
  std::string Version = Temp.write("torch/torch/version.h", "#define TORCH_VERSION \"1.13.0\"\n");
  std::string Config = Temp.write("torch/c10/macros/cmake_macros.h", "#define C10_USE_GLOG\n");
  const std::string Before = parserIdentityFor(Temp.file("torch"));
  for (const std::string &Header : {Version, Config})
    std::filesystem::last_write_time(Header, std::filesystem::last_write_time(Header) +
                                                 std::chrono::hours(1));
  EXPECT_EQ(parserIdentityFor(Temp.file("torch")), Before);
  Temp.write("torch/c10/macros/cmake_macros.h", "#define C10_USE_NUMA\n");
  EXPECT_NE(parserIdentityFor(Temp.file("torch")), Before) << "another build configuration";
}

// Built against one of several installed Clangs, the scanner must parse with
// that Clang's own driver and builtin headers: another version's headers do
// not parse, and its PCH or cache entries must never be read.
TEST(ParserIdentity, ParsesWithTheLinkedClangsDriverAndHeaders) {
  test::ProcessResult Version = test::runProcess({extract::clangDriverPath(), "--version"});
  ASSERT_EQ(Version.ExitCode, 0) << extract::clangDriverPath();
  EXPECT_EQ(Version.Output.substr(0, Version.Output.find('\n')), extract::clangVersion());

  test::ProcessResult ResourceDir =
      test::runProcess({extract::clangDriverPath(), "-print-resource-dir"});
  ASSERT_EQ(ResourceDir.ExitCode, 0);
  EXPECT_EQ(ResourceDir.Output, extract::clangResourceDir() + "\n");
}
