#include "support/DiffGoldenCase.h"
#include "support/StubTorch.h"

#include <algorithm>
#include <cctype>

namespace fs = std::filesystem;

namespace modelcompat::test {

fs::path diffGoldenRoot() { return fs::path(MODELCOMPAT_TEST_SOURCE_DIR) / "tests/golden/diff"; }

std::vector<std::string> diffGoldenCases() {
  std::vector<std::string> Cases;
  for (const fs::directory_entry &Entry : fs::directory_iterator(diffGoldenRoot()))
    if (fs::is_directory(Entry.path() / "old") && fs::is_directory(Entry.path() / "new"))
      Cases.push_back(Entry.path().filename().string());
  std::sort(Cases.begin(), Cases.end());
  return Cases;
}

std::string goldenCaseTestName(const std::string &Case) {
  std::string Name;
  for (char C : Case)
    Name += std::isalnum(static_cast<unsigned char>(C)) ? C : '_';
  return Name;
}

DiffGoldenCase::DiffGoldenCase(const std::string &Name) : Folder(diffGoldenRoot() / Name) {
  Repo.replaceTree(Folder / "old");
  Repo.commit("base");
  Repo.tag("v1");
  Repo.replaceTree(Folder / "new");
  Repo.commit("head");
}

ProcessResult DiffGoldenCase::diff(const std::string &Format) const {
  return runModelcompatInProcess({"diff", "v1", "HEAD", "--repo", Repo.root(), "--cache-dir",
                                  Cache.path().string(), "--extra-arg", stubTorchFlag(), "--format",
                                  Format});
}

} // namespace modelcompat::test
