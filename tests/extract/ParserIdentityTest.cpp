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
  EXPECT_NE(parserIdentityFor(Temp.file("torch-b")), parserIdentityFor(Dirs)) << "another install";
  EXPECT_EQ(parserIdentityFor(Dirs + ":" + Temp.file("missing")), parserIdentityFor(Dirs))
      << "a search-path entry without libtorch headers changes nothing";
}

// Builtin layers are laid out as the parsed libtorch's release does, and the
// scan reports that release: read from its version header, in either layout.
TEST(ParserIdentity, NamesTheLibtorchReleaseFromItsVersionHeader) {
  test::TempDirectory Temp;
  Temp.write("wheel/torch/version.h",
             "#pragma once\n#define TORCH_VERSION_MAJOR 2\n#define TORCH_VERSION_MINOR 6\n"
             "#define TORCH_VERSION_PATCH 0\n#define TORCH_VERSION \\\n  \"2.6.0\"\n");
  Temp.write("deb/torch/csrc/api/include/torch/version.h",
             "#define TORCH_VERSION_MAJOR 1\n#define TORCH_VERSION_MINOR 13\n"
             "#define TORCH_VERSION_PATCH 1\n");
  Temp.write("partial/torch/version.h", "#define TORCH_VERSION_MAJOR 2\n");
  EXPECT_EQ(libtorchVersionFor(Temp.file("wheel")), "2.6.0");
  EXPECT_EQ(libtorchVersionFor(Temp.file("deb")), "1.13.1");
  EXPECT_EQ(libtorchVersionFor(Temp.file("missing") + ":" + Temp.file("deb")), "1.13.1")
      << "the first entry of the search path that has one";
  EXPECT_EQ(libtorchVersionFor(Temp.file("partial")), "") << "no patch level";
  EXPECT_EQ(libtorchVersionFor(""), "");
  EXPECT_FALSE(parsedLibtorchVersion().empty()) << "the libtorch this build parses against";
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
