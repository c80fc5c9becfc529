//===- DiffGoldenCase.h - A diff golden case as a real repository -*- C++ -*-===//
//
// Every folder under tests/golden/diff/ with old/ and new/ trees is one
// scenario. The diff golden test (tests/cli/DiffGoldenTest.cpp) checks what
// `modelcompat diff` reports for it; the migrate golden test
// (tests/cli/MigrateGoldenTest.cpp) feeds that same report to migrate. Both
// build the case's repository here, so they cannot disagree on its input.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TESTS_DIFFGOLDENCASE_H
#define MODELCOMPAT_TESTS_DIFFGOLDENCASE_H

#include "support/InProcessCli.h"
#include "support/TempDirectory.h"
#include "support/TempGitRepo.h"

#include <filesystem>
#include <string>
#include <vector>

namespace modelcompat::test {

/// tests/golden/diff in the source tree.
std::filesystem::path diffGoldenRoot();

/// The names of the diff golden cases, sorted: each folder of diffGoldenRoot()
/// that holds old/ and new/.
std::vector<std::string> diffGoldenCases();

/// A case name as a gtest parameter name ('-' and other punctuation become '_').
std::string goldenCaseTestName(const std::string &Case);

/// One case as a real git repository: old/ committed and tagged v1, new/
/// committed on top (HEAD). Commit dates are fixed (TempGitRepo), so the
/// commit ids are the same in every run.
class DiffGoldenCase {
public:
  explicit DiffGoldenCase(const std::string &Name);

  /// The case's folder under tests/golden/diff.
  const std::filesystem::path &folder() const { return Folder; }

  /// Runs `modelcompat diff v1 HEAD --format Format` on the repository,
  /// in-process (InProcessCli.h) and parsing with the stub <torch/torch.h>
  /// (tests/support/stub_torch), for speed. Runs share one scan cache, so a second run is served
  /// from it.
  ProcessResult diff(const std::string &Format) const;

private:
  std::filesystem::path Folder;
  TempGitRepo Repo;
  TempDirectory Cache;
};

} // namespace modelcompat::test

#endif
