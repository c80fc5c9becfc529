//===- GitRevisionTest.cpp - Reading revisions with git, no checkout -----===//
#include "modelcompat/verify/GitRevision.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>

using namespace modelcompat;
using namespace modelcompat::test;

TEST(GitRevision, DirectoriesAreFoundInTheCommitsTreeOnly) {
  TempGitRepo Repo;
  std::string First = Repo.commitFiles({{"src/model.h", "// v1\n"}}, "v1");
  std::string Second = Repo.commitFiles({{"modelcompat/migrations/a.json", "{}\n"}}, "migrations");
  EXPECT_TRUE(directoryExistsAtCommit(Repo.root(), Second, "modelcompat/migrations"));
  EXPECT_TRUE(directoryExistsAtCommit(Repo.root(), Second, "modelcompat"));
  EXPECT_FALSE(directoryExistsAtCommit(Repo.root(), First, "modelcompat/migrations"));
  // A file is not a directory; a missing path is neither.
  EXPECT_FALSE(directoryExistsAtCommit(Repo.root(), Second, "src/model.h"));
  EXPECT_FALSE(directoryExistsAtCommit(Repo.root(), Second, "no/such/dir"));
}

TEST(GitRevision, FilesAreReadFromTheCommit) {
  TempGitRepo Repo;
  std::string First = Repo.commitFiles({{"modelcompat.json", "{\"v\": 1}\n"}}, "v1");
  Repo.commitFiles({{"modelcompat.json", "{\"v\": 2}\n"}}, "v2");
  EXPECT_EQ(readFileAtCommit(Repo.root(), First, "modelcompat.json"), "{\"v\": 1}\n");
  EXPECT_EQ(readFileAtCommit(Repo.root(), First, "missing.json"), std::nullopt);
}
