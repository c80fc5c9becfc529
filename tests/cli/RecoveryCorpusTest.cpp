// The missing-dependency corpus: tests/golden/diff/recovery-* are small
// repositories in the styles of public libtorch projects whose third-party
// headers (Boost.Program_options, OpenCV, cxxopts, a logging library, a
// layer library) are included under names that exist on no machine, so the
// result cannot depend on what is installed. DiffGoldenTest checks what
// `diff` reports between their commits; this test checks what `scan` reads
// from the head tree (expected-scan.txt: registrations, symbolic shapes,
// unresolved entries; expected-scan.stderr: the missing headers and the
// names declared in their place) and that the default output stays short.
#include "support/Golden.h"
#include "support/InProcessCli.h"
#include "support/StubTorch.h"

#include "modelcompat/support/ReadFile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;
using namespace modelcompat::test;

namespace {

fs::path diffGoldens() { return fs::path(MODELCOMPAT_TEST_SOURCE_DIR) / "tests/golden/diff"; }

std::vector<std::string> recoveryCases() {
  std::vector<std::string> Cases;
  for (const fs::directory_entry &Entry : fs::directory_iterator(diffGoldens()))
    if (Entry.path().filename().string().rfind("recovery-", 0) == 0)
      Cases.push_back(Entry.path().filename().string());
  std::sort(Cases.begin(), Cases.end());
  return Cases;
}

std::size_t lineCount(const std::string &Text) {
  return std::count(Text.begin(), Text.end(), '\n');
}

/// What a user reads by default must fit on a screen.
constexpr std::size_t MaxDefaultLines = 20;

class RecoveryCorpus : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(RecoveryCorpus, ScanReadsEveryRegistration) {
  fs::path Case = diffGoldens() / GetParam();
  ProcessResult Scan = runModelcompatInProcess({"scan", (Case / "new").string(), "--format", "text",
                                                "--extra-arg", modelcompat::test::stubTorchFlag()});
  EXPECT_EQ(Scan.ExitCode, 0) << Scan.Error;
  EXPECT_TRUE(matchesGolden(Scan.Output, (Case / "expected-scan.txt").string()));
  EXPECT_TRUE(matchesGolden(Scan.Error, (Case / "expected-scan.stderr").string()));
  EXPECT_LT(lineCount(Scan.Error), MaxDefaultLines) << Scan.Error;
}

TEST_P(RecoveryCorpus, DiffDefaultOutputIsShort) {
  fs::path Case = diffGoldens() / GetParam();
  std::string Stderr = modelcompat::readFile((Case / "expected.stderr").string());
  std::string Stdout = modelcompat::readFile((Case / "expected.txt").string());
  EXPECT_LT(lineCount(Stderr) + lineCount(Stdout), MaxDefaultLines) << Stderr << Stdout;
}

INSTANTIATE_TEST_SUITE_P(Cases, RecoveryCorpus, ::testing::ValuesIn(recoveryCases()),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           std::string Name = Info.param;
                           std::replace(Name.begin(), Name.end(), '-', '_');
                           return Name;
                         });

TEST(RecoveryCorpusCases, TheIssuesStylesArePresent) {
  std::vector<std::string> Cases = recoveryCases();
  for (const char *Required :
       {"recovery-program-options", "recovery-opencv-logging", "recovery-cxxopts-negative"})
    EXPECT_TRUE(std::count(Cases.begin(), Cases.end(), Required)) << Required;
}
