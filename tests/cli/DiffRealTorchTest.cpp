// One golden case against the real libtorch headers (no stub): the MONAI
// attention refactor must read exactly as with the stub <torch/torch.h>.
// Slow (libtorch is parsed once per commit), so only this one.
#include "support/Golden.h"
#include "support/InProcessCli.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace modelcompat::test;

TEST(DiffRealTorch, MonaiAttentionRefactorMatchesTheStubGolden) {
  fs::path Case = fs::path(MODELCOMPAT_TEST_SOURCE_DIR) / "tests/golden/diff/monai-attention";
  TempGitRepo Repo;
  Repo.replaceTree(Case / "old");
  Repo.commit("base");
  Repo.tag("v1");
  Repo.replaceTree(Case / "new");
  Repo.commit("head");
  TempDirectory Cache;
  ProcessResult Result = runModelcompatInProcess(
      {"diff", "v1", "HEAD", "--repo", Repo.root(), "--cache-dir", Cache.path().string()});
  EXPECT_EQ(Result.Error, "");
  EXPECT_EQ(Result.ExitCode, 12);
  EXPECT_TRUE(matchesGolden(Result.Output, (Case / "expected.txt").string()));
}
