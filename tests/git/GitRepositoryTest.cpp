#include "support/ErrorText.h"
#include "support/TempGitRepo.h"

#include "modelcompat/git/GitRepository.h"
#include "modelcompat/source/CppFiles.h"
#include "modelcompat/support/Error.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

using namespace modelcompat;
using namespace modelcompat::test;

namespace {

std::string trimmed(std::string Text) {
  while (!Text.empty() && (Text.back() == '\n' || Text.back() == '\r'))
    Text.pop_back();
  return Text;
}

std::vector<std::string> paths(const SourceTree &Tree) {
  std::vector<std::string> Out;
  for (const SourceFile &File : Tree.Files)
    Out.push_back(File.Path);
  return Out;
}

/// Two commits: v1 has models/a.h and README.md; the second adds
/// models/sub/b.hpp, src/main.cpp and changes a.h.
struct TwoCommits : ::testing::Test {
  void SetUp() override {
    First = Repo.commitFiles({{"models/a.h", "// one\n"}, {"README.md", "# readme\n"}}, "first");
    Repo.tag("v1");
    Second = Repo.commitFiles({{"models/a.h", "// two\n"},
                               {"models/sub/b.hpp", "// b\n"},
                               {"src/main.cpp", "int main() {}\n"}},
                              "second");
    Repo.branch("feature", "v1");
  }
  TempGitRepo Repo;
  std::string First, Second;
};

} // namespace

TEST_F(TwoCommits, ResolvesShasBranchesTagsAndRelativeRevisions) {
  GitRepository Git = GitRepository::open(Repo.root());
  EXPECT_EQ(Git.resolve("HEAD").Commit, Second);
  EXPECT_EQ(Git.resolve("main").Commit, Second);
  EXPECT_EQ(Git.resolve("v1").Commit, First);
  EXPECT_EQ(Git.resolve("HEAD~1").Commit, First);
  EXPECT_EQ(Git.resolve("feature").Commit, First);
  EXPECT_EQ(Git.resolve(First.substr(0, 10)).Commit, First);
  EXPECT_EQ(Git.resolve("v1").Spec, "v1");
}

TEST_F(TwoCommits, AnnotatedTagsPeelToTheirCommit) {
  Repo.git({"tag", "-a", "-m", "release", "v1-annotated", "v1"});
  GitRepository Git = GitRepository::open(Repo.root());
  EXPECT_EQ(Git.resolve("v1-annotated").Commit, First);
}

TEST_F(TwoCommits, UnknownRevisionNamesTheRevisionAndTheRepository) {
  GitRepository Git = GitRepository::open(Repo.root());
  EXPECT_EQ(errorOf([&] { Git.resolve("nope"); }),
            "unknown revision 'nope' in repository '" + Repo.root() + "'");
}

TEST_F(TwoCommits, ATreeIsNotACommit) {
  GitRepository Git = GitRepository::open(Repo.root());
  EXPECT_EQ(errorOf([&] { Git.resolve("HEAD^{tree}"); }),
            "revision 'HEAD^{tree}' in repository '" + Repo.root() + "' is not a commit");
}

TEST(GitRepository, NotARepositoryIsAnError) {
  TempDirectory Dir;
  std::string Message = errorOf([&] { GitRepository::open(Dir.path().string()); });
  EXPECT_EQ(Message.rfind("'" + Dir.path().string() + "' is not a git repository (", 0), 0u)
      << Message;
}

TEST_F(TwoCommits, ReadsTheTreeOfEachCommitWithBlobIds) {
  GitRepository Git = GitRepository::open(Repo.root());
  SourceTree Old = Git.readTree(Git.resolve("v1"), {});
  EXPECT_EQ(paths(Old), (std::vector<std::string>{"README.md", "models/a.h"}));
  EXPECT_EQ(Old.Files[1].Content, "// one\n");
  EXPECT_EQ(Old.Files[1].BlobId, trimmed(Repo.git({"rev-parse", "v1:models/a.h"})));

  SourceTree New = Git.readTree(Git.resolve("HEAD"), {{}, cppFileExtensions()});
  EXPECT_EQ(paths(New),
            (std::vector<std::string>{"models/a.h", "models/sub/b.hpp", "src/main.cpp"}));
  EXPECT_EQ(New.Files[0].Content, "// two\n");
}

TEST_F(TwoCommits, PathFiltersKeepSubtreesAndFiles) {
  GitRepository Git = GitRepository::open(Repo.root());
  ResolvedRevision Head = Git.resolve("HEAD");
  EXPECT_EQ(paths(Git.readTree(Head, {{"models/sub/"}, {}})),
            std::vector<std::string>{"models/sub/b.hpp"});
  EXPECT_EQ(paths(Git.readTree(Head, {{"src/main.cpp", "models/sub"}, {}})),
            (std::vector<std::string>{"models/sub/b.hpp", "src/main.cpp"}));
  EXPECT_EQ(paths(Git.readTree(Head, {{"model"}, {}})), std::vector<std::string>{});
}

TEST_F(TwoCommits, UncommittedChangesAreNotSeen) {
  Repo.write("models/a.h", "// dirty\n");
  Repo.write("models/untracked.h", "// new\n");
  GitRepository Git = GitRepository::open(Repo.root());
  SourceTree Head = Git.readTree(Git.resolve("HEAD"), {});
  EXPECT_EQ(paths(Head), (std::vector<std::string>{"README.md", "models/a.h", "models/sub/b.hpp",
                                                   "src/main.cpp"}));
  EXPECT_EQ(Head.Files[1].Content, "// two\n");
}

TEST_F(TwoCommits, ReadingLeavesStatusIndexAndRefsAlone) {
  Repo.write("models/a.h", "// dirty\n");
  Repo.write("models/untracked.h", "// new\n");
  Repo.git({"add", "models/untracked.h"});
  auto Snapshot = [&] {
    std::ifstream Index(Repo.root() + "/.git/index", std::ios::binary);
    std::stringstream Bytes;
    Bytes << Index.rdbuf();
    return Repo.git({"status", "--porcelain"}) + "\n--\n" + Repo.git({"for-each-ref"}) + "\n--\n" +
           Bytes.str();
  };
  std::string Before = Snapshot();
  {
    GitRepository Git = GitRepository::open(Repo.root());
    Git.readTree(Git.resolve("v1"), {});
    Git.readTree(Git.resolve("HEAD"), {});
  }
  EXPECT_EQ(Snapshot(), Before);
}

TEST_F(TwoCommits, BareRepositoriesWork) {
  TempDirectory Bare;
  Repo.cloneBareInto(Bare.path() / "repo.git");
  GitRepository Git = GitRepository::open((Bare.path() / "repo.git").string());
  EXPECT_EQ(Git.path(), (Bare.path() / "repo.git").string());
  EXPECT_EQ(Git.resolve("v1").Commit, First);
  EXPECT_EQ(paths(Git.readTree(Git.resolve("main"), {{"src"}, {}})),
            std::vector<std::string>{"src/main.cpp"});
}

TEST(GitRepository, OpensFromASubdirectoryOfTheWorkTree) {
  TempGitRepo Repo;
  std::string Sha = Repo.commitFiles({{"models/a.h", "x\n"}}, "only");
  GitRepository Git = GitRepository::open(Repo.root() + "/models");
  EXPECT_EQ(Git.path(), Repo.root());
  EXPECT_EQ(Git.resolve("HEAD").Commit, Sha);
}

TEST(TempGitRepo, EqualContentsGiveEqualCommitIds) {
  TempGitRepo A, B;
  EXPECT_EQ(A.commitFiles({{"a.h", "x\n"}}, "m"), B.commitFiles({{"a.h", "x\n"}}, "m"));
}

TEST(IsUnderAnyPath, MatchesWholeSegmentsOnly) {
  EXPECT_TRUE(isUnderAnyPath("models/a.h", {}));
  EXPECT_TRUE(isUnderAnyPath("models/a.h", {"models"}));
  EXPECT_TRUE(isUnderAnyPath("models/a.h", {"models/"}));
  EXPECT_TRUE(isUnderAnyPath("models/a.h", {"models/a.h"}));
  EXPECT_TRUE(isUnderAnyPath("models/a.h", {"."}));
  EXPECT_FALSE(isUnderAnyPath("models2/a.h", {"models"}));
  EXPECT_FALSE(isUnderAnyPath("models/a.h", {"src"}));
}
