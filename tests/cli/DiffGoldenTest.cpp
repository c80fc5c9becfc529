// Golden cases for `modelcompat diff`: every folder under tests/golden/diff/
// holds old/ and new/ trees. Each becomes a real git repository with two
// commits (tagged v1, then HEAD); the text and json reports and the exit code
// must match expected.txt, expected.json and expected.exit. Parsing uses the
// stub <torch/torch.h> (tests/support/stub_torch) for speed;
// DiffRealTorchTest runs one case against the real libtorch headers.
#include "support/Golden.h"
#include "support/Process.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;
using namespace modelcompat::test;

namespace {

fs::path goldenRoot() { return fs::path(MODELCOMPAT_TEST_SOURCE_DIR) / "tests/golden/diff"; }

std::vector<std::string> discoverCases() {
  std::vector<std::string> Cases;
  for (const fs::directory_entry &Entry : fs::directory_iterator(goldenRoot()))
    if (fs::is_directory(Entry.path() / "old") && fs::is_directory(Entry.path() / "new"))
      Cases.push_back(Entry.path().filename().string());
  std::sort(Cases.begin(), Cases.end());
  return Cases;
}

std::string stubTorchFlag() {
  return std::string("-I") + MODELCOMPAT_TEST_SOURCE_DIR + "/tests/support/stub_torch";
}

class DiffGolden : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(DiffGolden, MatchesExpectedOutputs) {
  fs::path Case = goldenRoot() / GetParam();
  TempGitRepo Repo;
  Repo.replaceTree(Case / "old");
  Repo.commit("base");
  Repo.tag("v1");
  Repo.replaceTree(Case / "new");
  Repo.commit("head");
  TempDirectory Cache;
  auto Run = [&](const std::string &Format) {
    return runProcess({modelcompatBinary(), "diff", "v1", "HEAD", "--repo", Repo.root(),
                       "--cache-dir", Cache.path().string(), "--extra-arg", stubTorchFlag(),
                       "--format", Format});
  };
  ProcessResult Text = Run("text");
  EXPECT_TRUE(matchesGolden(Text.Output, (Case / "expected.txt").string()));
  EXPECT_TRUE(matchesGolden(std::to_string(Text.ExitCode) + "\n",
                            (Case / "expected.exit").string()));
  EXPECT_TRUE(matchesGolden(Text.Error, (Case / "expected.stderr").string()));
  // The second run is served from the cache the first one filled.
  ProcessResult Json = Run("json");
  EXPECT_TRUE(matchesGolden(Json.Output, (Case / "expected.json").string()));
  EXPECT_EQ(Json.ExitCode, Text.ExitCode);
  EXPECT_EQ(Json.Error, Text.Error);
}

INSTANTIATE_TEST_SUITE_P(Cases, DiffGolden, ::testing::ValuesIn(discoverCases()),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           std::string Name = Info.param;
                           std::replace(Name.begin(), Name.end(), '-', '_');
                           return Name;
                         });

TEST(DiffGoldenCases, TheIssuesScenariosArePresent) {
  std::vector<std::string> Cases = discoverCases();
  for (const char *Required :
       {"monai-attention", "flux-outpad", "options-reshape", "batchnorm-retype", "loop-prefix",
        "sequential-index-shift", "class-rename", "negative-forward-only",
        "negative-init-value", "negative-comment-only", "negative-ctor-param-rename",
        // Issue 17: loop families, conditions as logic, defaults, spellings.
        "loop-bound-member", "loop-nested-family", "loop-family-sequential",
        "loop-family-index-shapes", "condition-negated-swapped", "condition-both-branches",
        "condition-logic-changed", "shape-equal-under-defaults",
        "shape-unequal-under-defaults", "layer-spelling-modernised",
        "layer-spelling-drops-option",
        // Issue 17: class identity, structural alignment, reused class
        // names, configuration at the caller; each with its negative.
        "class-identity-samples", "negative-class-identity-samples",
        "sequential-named-to-positional", "sequential-inserted-child",
        "submodule-moved-under-parent", "negative-sequential-rebuilt",
        "class-swap-reused-names", "negative-class-swap", "caller-options-change",
        "negative-caller-options",
        // Issue 17: inherited registrations, older libtorch spellings, loop
        // items renamed with the loop.
        "layer-spelling-legacy-release", "layer-spelling-legacy-batchnorm",
        "loop-family-renamed"})
    EXPECT_TRUE(std::count(Cases.begin(), Cases.end(), Required)) << Required;
}
