// Golden cases for `modelcompat diff`: every folder under tests/golden/diff/
// holds old/ and new/ trees. Each becomes a real git repository with two
// commits (tagged v1, then HEAD: support/DiffGoldenCase.h); the text and json
// reports and the exit code must match expected.txt, expected.json and
// expected.exit. Parsing uses the stub <torch/torch.h> for speed;
// DiffRealTorchTest runs one case against the real libtorch headers.
// MigrateGoldenTest feeds the same json report to migrate.
#include "support/DiffGoldenCase.h"
#include "support/Golden.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace modelcompat::test;

namespace {

class DiffGolden : public ::testing::TestWithParam<std::string> {};

} // namespace

TEST_P(DiffGolden, MatchesExpectedOutputs) {
  DiffGoldenCase Case(GetParam());
  auto Expected = [&](const char *Name) { return (Case.folder() / Name).string(); };
  ProcessResult Text = Case.diff("text");
  EXPECT_TRUE(matchesGolden(Text.Output, Expected("expected.txt")));
  EXPECT_TRUE(matchesGolden(std::to_string(Text.ExitCode) + "\n", Expected("expected.exit")));
  EXPECT_TRUE(matchesGolden(Text.Error, Expected("expected.stderr")));
  // The second run is served from the cache the first one filled.
  ProcessResult Json = Case.diff("json");
  EXPECT_TRUE(matchesGolden(Json.Output, Expected("expected.json")));
  EXPECT_EQ(Json.ExitCode, Text.ExitCode);
  EXPECT_EQ(Json.Error, Text.Error);
}

INSTANTIATE_TEST_SUITE_P(Cases, DiffGolden, ::testing::ValuesIn(diffGoldenCases()),
                         [](const ::testing::TestParamInfo<std::string> &Info) {
                           return goldenCaseTestName(Info.param);
                         });

TEST(DiffGoldenCases, TheIssuesScenariosArePresent) {
  std::vector<std::string> Cases = diffGoldenCases();
  for (const char *Required :
       {"monai-attention", "flux-outpad", "options-reshape", "batchnorm-retype", "loop-prefix",
        "sequential-index-shift", "class-rename", "negative-forward-only", "negative-init-value",
        "negative-comment-only", "negative-ctor-param-rename",
        // Issue 17: loop families, conditions as logic, defaults, spellings.
        "loop-bound-member", "loop-nested-family", "loop-family-sequential",
        "loop-family-index-shapes", "condition-negated-swapped", "condition-both-branches",
        "condition-logic-changed", "shape-equal-under-defaults", "shape-unequal-under-defaults",
        "layer-spelling-modernised", "layer-spelling-drops-option",
        // Issue 17: class identity, structural alignment, reused class
        // names, configuration at the caller; each with its negative.
        "class-identity-samples", "negative-class-identity-samples",
        "sequential-named-to-positional", "sequential-inserted-child",
        "submodule-moved-under-parent", "negative-sequential-rebuilt", "class-swap-reused-names",
        "negative-class-swap", "caller-options-change", "negative-caller-options",
        // Issue 17: inherited registrations, older libtorch spellings, loop
        // items renamed with the loop.
        "layer-spelling-legacy-release", "layer-spelling-legacy-batchnorm", "loop-family-renamed",
        // Issue 19: the migrate golden of a fused projection has its diff case.
        "fused-qkv"})
    EXPECT_TRUE(std::count(Cases.begin(), Cases.end(), Required)) << Required;
}
