// `modelcompat diff` end to end: real git repositories, the real scanner
// (with the stub <torch/torch.h>), the CLI in-process and, for the exit
// status and streams, the binary as CI runs it. Messages and exit codes are
// asserted verbatim.
#include "modelcompat/support/ReadFile.h"
#include "support/InProcessCli.h"
#include "support/StubTorch.h"
#include "support/TempGitRepo.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;
using namespace modelcompat::test;
using modelcompat::readFile;

namespace {

/// models/up.h, optionally with the Flux `outpad` buffer.
std::string upsampleBlock(bool WithOutpad, const std::string &Extra = "") {
  return std::string("#pragma once\n"
                     "#include <torch/torch.h>\n"
                     "\n"
                     "struct UpImpl : torch::nn::Module {\n"
                     "  explicit UpImpl(int64_t ch) {\n"
                     "    conv = register_module(\"conv\", torch::nn::Linear(ch, ch));\n") +
         (WithOutpad ? "    outpad = register_buffer(\"outpad\", torch::zeros({1, ch, 1, 1}));\n"
                     : "") +
         Extra +
         "  }\n"
         "  torch::nn::Linear conv{nullptr};\n"
         "  torch::Tensor outpad;\n"
         "};\n"
         "TORCH_MODULE(Up);\n";
}

/// v1: UpImpl; HEAD: UpImpl with an outpad buffer (one breaking finding).
struct DiffCommand : ::testing::Test {
  void SetUp() override {
    Base = Repo.commitFiles({{"models/up.h", upsampleBlock(false)}, {"README.md", "# model\n"}},
                            "base");
    Repo.tag("v1");
    Head = Repo.commitFiles({{"models/up.h", upsampleBlock(true)}}, "outpad");
  }

  /// `diff --repo <Repo> ... Extra...`, for either way of running the CLI.
  std::vector<std::string> diffArgs(const std::vector<std::string> &Extra) const {
    std::vector<std::string> Args = {
        "diff",        "--repo",       Repo.root(), "--cache-dir", Cache.path().string(),
        "--extra-arg", stubTorchFlag()};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    return Args;
  }

  ProcessResult diff(const std::vector<std::string> &Extra) const {
    return runModelcompatInProcess(diffArgs(Extra));
  }

  TempGitRepo Repo;
  TempDirectory Cache;
  std::string Base, Head;
};

const char *const OutpadLine =
    "models/up.h:7:14: warning: buffer 'outpad' added to 'UpImpl' with shape [1, ch, 1, 1] "
    "[state-dict-added]\n";

} // namespace

TEST(DiffCli, HelpShowsExamplesAndExitCodes) {
  ProcessResult Result = runModelcompatInProcess({"diff", "--help"});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Output.rfind("usage: modelcompat diff BASE HEAD [--repo DIR]", 0), 0u);
  for (const char *Text :
       {"exit codes (bits, as abidiff):", "  12  (4|8) at least one breaking",
        "modelcompat diff origin/main HEAD", "--fail-on WHEN", "--suppressions FILE",
        "--migrations DIR", "--cache-dir DIR", "-p, --compile-commands BUILD_DIR",
        "--extra-arg ARG", "-o, --output FILE", "--format FORMAT"})
    EXPECT_NE(Result.Output.find(Text), std::string::npos) << Text;
}

TEST(DiffCli, UsageErrorsExitTwo) {
  ProcessResult One = runModelcompatInProcess({"diff", "v1"});
  EXPECT_EQ(One.ExitCode, 2);
  EXPECT_EQ(One.Error, "modelcompat: error: modelcompat diff: expected two revisions, BASE "
                       "and HEAD (see --help)\n");
  ProcessResult Flag = runModelcompatInProcess({"diff", "a", "b", "--frobnicate"});
  EXPECT_EQ(Flag.ExitCode, 2);
  EXPECT_EQ(Flag.Error,
            "modelcompat: error: modelcompat diff: unknown flag '--frobnicate' (see --help)\n");
  ProcessResult Format = runModelcompatInProcess({"diff", "a", "b", "--format", "xml"});
  EXPECT_EQ(Format.ExitCode, 2);
  EXPECT_EQ(Format.Error, "modelcompat: error: modelcompat diff: invalid value 'xml' for "
                          "'--format' (expected text|json|sarif|github)\n");
  ProcessResult FailOn = runModelcompatInProcess({"diff", "a", "b", "--fail-on"});
  EXPECT_EQ(FailOn.ExitCode, 2);
  EXPECT_EQ(FailOn.Error, "modelcompat: error: modelcompat diff: flag '--fail-on' needs a "
                          "value (WHEN)\n");
}

TEST_F(DiffCommand, UnknownRevisionIsAnErrorNamingIt) {
  ProcessResult Result = diff({"nope", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error,
            "modelcompat: error: unknown revision 'nope' in repository '" + Repo.root() + "'\n");
  EXPECT_EQ(Result.Output, "");
}

TEST(DiffCli, NotARepositoryIsAnError) {
  TempDirectory Dir;
  ProcessResult Result =
      runModelcompatInProcess({"diff", "v1", "HEAD", "--repo", Dir.path().string()});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error.rfind(
                "modelcompat: error: '" + Dir.path().string() + "' is not a git repository (", 0),
            0u)
      << Result.Error;
}

// Through the binary: the exit status and the two streams as CI sees them.
TEST_F(DiffCommand, BreakingChangeExitsTwelveWithACompilerStyleLine) {
  ProcessResult Result = runModelcompatBinary(diffArgs({"v1", "HEAD"}));
  EXPECT_EQ(Result.ExitCode, 12) << Result.Error;
  EXPECT_EQ(Result.Output, std::string(OutpadLine) + "summary: 1 state-dict change between v1 (" +
                               Base.substr(0, 12) + ") and HEAD (" + Head.substr(0, 12) +
                               "): 1 breaking (1 uncovered), 0 covered by migrations, 0 "
                               "suppressed\n");
  EXPECT_EQ(Result.Error, "");
}

TEST_F(DiffCommand, SameCommitIsNoChangeExitZero) {
  ProcessResult Result = diff({"HEAD", Head});
  EXPECT_EQ(Result.ExitCode, 0);
  EXPECT_EQ(Result.Output, "summary: no state-dict changes between HEAD (" + Head.substr(0, 12) +
                               ") and " + Head + " (" + Head.substr(0, 12) + ")\n");
}

TEST_F(DiffCommand, FailOnPolicies) {
  EXPECT_EQ(diff({"v1", "HEAD", "--fail-on", "breaking"}).ExitCode, 12);
  EXPECT_EQ(diff({"v1", "HEAD", "--fail-on", "any"}).ExitCode, 12);
  EXPECT_EQ(diff({"v1", "HEAD", "--fail-on", "never"}).ExitCode, 0);
}

TEST_F(DiffCommand, NothingIsWrittenToTheRepositoryEvenWhenDirty) {
  Repo.write("models/up.h",
             upsampleBlock(true, "    register_buffer(\"dirty\", torch::ones({2}));\n"));
  Repo.write("models/untracked.h", upsampleBlock(false));
  Repo.write("models/staged.h", "// staged\n");
  Repo.git({"add", "models/staged.h"});
  auto Snapshot = [&] {
    std::string Listing;
    for (const fs::directory_entry &Entry : fs::recursive_directory_iterator(Repo.path() / ".git"))
      Listing += Entry.path().string() + "\n";
    return Repo.git({"status", "--porcelain"}) + "--\n" + Repo.git({"for-each-ref"}) + "--\n" +
           readFile(Repo.path() / ".git/index") + "--\n" + Listing;
  };
  std::string Before = Snapshot();
  ProcessResult Result = diff({"v1", "HEAD", "--format", "json"});
  EXPECT_EQ(Result.ExitCode, 12);
  EXPECT_EQ(Snapshot(), Before);
  // Only committed content counts: the dirty buffer is not reported.
  EXPECT_EQ(Result.Output.find("dirty"), std::string::npos);
}

TEST_F(DiffCommand, OutputFileIsWrittenAndStdoutStaysEmpty) {
  TempDirectory Out;
  std::string Path = Out.file("reports/diff.sarif");
  ProcessResult Result = diff({"v1", "HEAD", "--format", "sarif", "-o", Path});
  EXPECT_EQ(Result.ExitCode, 12);
  EXPECT_EQ(Result.Output, "");
  std::string Sarif = readFile(Path);
  EXPECT_NE(Sarif.find("\"version\": \"2.1.0\""), std::string::npos);
  EXPECT_NE(Sarif.find("\"ruleId\": \"state-dict-added\""), std::string::npos);
}

TEST_F(DiffCommand, GithubFormat) {
  ProcessResult Result = diff({"v1", "HEAD", "--format", "github"});
  EXPECT_EQ(Result.ExitCode, 12);
  EXPECT_EQ(Result.Output.substr(0, Result.Output.find('\n') + 1),
            "::error file=models/up.h,line=7,col=14,title=state-dict-added::buffer 'outpad' "
            "added to 'UpImpl' with shape [1, ch, 1, 1]\n");
}

TEST_F(DiffCommand, SuppressedFindingsStayInJsonButLeaveTheGate) {
  TempDirectory Dir;
  std::string File = Dir.write("supp.json", R"({"schema_version": 1, "suppressions": [
      {"module": "Up*", "key": "outpad", "kind": "added", "reason": "old checkpoints are never loaded"},
      {"module": "Other*", "reason": "stale entry"}]})");
  ProcessResult Json = diff({"v1", "HEAD", "--format", "json", "--suppressions", File});
  EXPECT_EQ(Json.ExitCode, 0);
  EXPECT_NE(Json.Output.find("\"suppressed\": true"), std::string::npos);
  EXPECT_NE(Json.Output.find("\"suppression_reason\": \"old checkpoints are never loaded\""),
            std::string::npos);
  EXPECT_NE(Json.Output.find("\"suppressed\": 1"), std::string::npos);
  EXPECT_EQ(Json.Error, "modelcompat: warning: suppression 1 in '" + File +
                            "' (module 'Other*', key '*', kind any) matched no finding\n");
  ProcessResult Text = diff({"v1", "HEAD", "--suppressions", File});
  EXPECT_EQ(Text.Output.find("outpad"), std::string::npos);
}

TEST_F(DiffCommand, InvalidSuppressionsFileIsAUsageError) {
  TempDirectory Dir;
  std::string File = Dir.write("supp.json", R"({"suppressions": [{"module": "Up*"}]})");
  ProcessResult Result = diff({"v1", "HEAD", "--suppressions", File});
  EXPECT_EQ(Result.ExitCode, 2);
  EXPECT_EQ(Result.Error, "modelcompat: error: invalid suppressions file '" + File +
                              "': suppression 0: missing \"reason\"\n");
}

TEST_F(DiffCommand, MigrationCommittedAtHeadCoversTheFinding) {
  std::string Spec = R"({"schema_version": 1, "module": "UpImpl",
      "from": {"commit": ")" +
                     Base + R"("}, "to": {"commit": ")" + Head + R"("},
      "rules": [{"op": "init", "key": "outpad", "source": "zeros"}]})";
  Repo.commitFiles({{"modelcompat/migrations/UpImpl.json", Spec}}, "migration");
  ProcessResult Result = diff({"v1", "HEAD", "--format", "json"});
  EXPECT_EQ(Result.ExitCode, 4) << Result.Error;
  EXPECT_NE(Result.Output.find("\"covered_by\": \"modelcompat/migrations/UpImpl.json\""),
            std::string::npos);
  ProcessResult Text = diff({"v1", "HEAD"});
  EXPECT_NE(Text.Output.find("models/up.h:7:14: note: buffer 'outpad' added to 'UpImpl' with "
                             "shape [1, ch, 1, 1]; covered by "
                             "modelcompat/migrations/UpImpl.json [state-dict-added]\n"),
            std::string::npos)
      << Text.Output;
  // Elsewhere than --migrations, the spec covers nothing.
  EXPECT_EQ(diff({"v1", "HEAD", "--migrations", "other/dir"}).ExitCode, 12);
}

TEST_F(DiffCommand, GeneratedMigrationCodeIsNotScannedAsModelCode) {
  // migrate writes C++ beside each spec; it includes modelcompat's headers,
  // which the model's tree lacks. Scanning it would report it unresolved.
  std::string Spec = R"({"schema_version": 1, "module": "UpImpl",
      "from": {"commit": ")" +
                     Base + R"("}, "to": {"commit": ")" + Head + R"("},
      "rules": [{"op": "init", "key": "outpad", "source": "zeros"}]})";
  Repo.commitFiles(
      {{"modelcompat/migrations/UpImpl.json", Spec},
       {"modelcompat/migrations/UpImpl.cpp", "#include <modelcompat/runtime/Migration.h>\n"
                                             "MODELCOMPAT_REGISTER_MIGRATION(up) {}\n"}},
      "migration with its C++");
  ProcessResult Result = diff({"v1", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 4) << Result.Output << Result.Error;
  EXPECT_EQ(Result.Output.find("unresolved"), std::string::npos) << Result.Output;
  EXPECT_EQ(Result.Error, "");
}

TEST_F(DiffCommand, TodoRulesDoNotCover) {
  std::string Spec = R"({"schema_version": 1, "module": "UpImpl",
      "from": {"commit": "a"}, "to": {"commit": "b"},
      "rules": [{"op": "todo", "keys": ["outpad"], "reason": "decide the padding"}]})";
  Repo.commitFiles({{"modelcompat/migrations/UpImpl.json", Spec}}, "todo");
  EXPECT_EQ(diff({"v1", "HEAD"}).ExitCode, 12);
}

TEST_F(DiffCommand, InvalidMigrationSpecIsAnErrorNamingIt) {
  Repo.commitFiles({{"modelcompat/migrations/bad.json", R"({"schema_version": 1})"}}, "bad");
  ProcessResult Result = diff({"v1", "HEAD"});
  EXPECT_EQ(Result.ExitCode, 1);
  EXPECT_EQ(Result.Error, "modelcompat: error: invalid migration spec "
                          "'modelcompat/migrations/bad.json': missing \"module\"\n");
}

TEST_F(DiffCommand, PathFiltersLimitTheScan) {
  Repo.commitFiles({{"other/up.h", upsampleBlock(true)}}, "elsewhere");
  EXPECT_EQ(diff({"v1", "HEAD", "--", "other"}).ExitCode, 0);
  EXPECT_EQ(diff({"v1", "HEAD", "--", "models/"}).ExitCode, 12);
}

TEST_F(DiffCommand, BareRepositoriesWork) {
  TempDirectory Bare;
  Repo.cloneBareInto(Bare.path() / "m.git");
  ProcessResult Result =
      runModelcompatInProcess({"diff", "v1", "main", "--repo", (Bare.path() / "m.git").string(),
                               "--no-cache", "--extra-arg", stubTorchFlag()});
  EXPECT_EQ(Result.ExitCode, 12) << Result.Error;
  EXPECT_EQ(Result.Output.substr(0, Result.Output.find('\n') + 1), OutpadLine);
}

TEST(DiffCli, CompileCommandsFromTheHeadBuildAreUsed) {
  // The buffer exists only when the build defines WITH_OUTPAD: only the
  // flags of compile_commands.json (-p) can make the diff see it.
  TempGitRepo Repo;
  Repo.commitFiles({{"models/up.h", upsampleBlock(false)}}, "base");
  Repo.tag("v1");
  Repo.commitFiles(
      {{"models/up.h",
        upsampleBlock(false, "#ifdef WITH_OUTPAD\n"
                             "    register_buffer(\"outpad\", torch::zeros({1, ch, 1, 1}));\n"
                             "#endif\n")}},
      "optional outpad");
  TempDirectory Build;
  std::string File = Repo.root() + "/models/up.h";
  Build.write("compile_commands.json",
              "[{\"directory\": \"" + Repo.root() + "\", \"file\": \"" + File +
                  "\", \"arguments\": [\"c++\", \"-std=c++17\", \"" + stubTorchFlag() +
                  "\", \"-DWITH_OUTPAD\", \"-c\", \"" + File + "\"]}]\n");
  ProcessResult WithFlags = runModelcompatInProcess(
      {"diff", "v1", "HEAD", "--repo", Repo.root(), "--no-cache", "-p", Build.path().string()});
  EXPECT_EQ(WithFlags.ExitCode, 12) << WithFlags.Error;
  EXPECT_NE(WithFlags.Output.find("buffer 'outpad' added to 'UpImpl'"), std::string::npos)
      << WithFlags.Output;
  ProcessResult Without = runModelcompatInProcess(
      {"diff", "v1", "HEAD", "--repo", Repo.root(), "--no-cache", "--extra-arg", stubTorchFlag()});
  EXPECT_EQ(Without.ExitCode, 0) << Without.Output << Without.Error;
}
