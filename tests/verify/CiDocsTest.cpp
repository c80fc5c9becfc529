//===- CiDocsTest.cpp - The commands of docs/ci.md, run for real ----------===//
//
// docs/ci.md promises that every command it shows is run by the test suite.
// The workflow files themselves cannot run here, so this test reads the page,
// takes each `modelcompat ...` line of its GitHub Actions and GitLab CI
// blocks and the whole pre-push hook, and runs them in a repository of the
// bundled example shaped like a pull request: `main` holds v1, the branch
// `feature` holds v2 and then the migration `modelcompat migrate` wrote.
// Legacy checkpoints are saved by the v1 code with torch::save.
//
//===----------------------------------------------------------------------===//
#include "ExampleRepo.h"
#include "modelcompat/support/AtomicFile.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace modelcompat::test;
using modelcompat::readFile;
using nlohmann::json;

namespace {

/// One fenced block of a Markdown page.
struct FencedBlock {
  std::string Language;
  std::vector<std::string> Lines;
};

std::vector<FencedBlock> fencedBlocks(const std::string &Path) {
  std::ifstream In(Path);
  std::vector<FencedBlock> Blocks;
  std::string Line;
  bool Inside = false;
  while (std::getline(In, Line)) {
    if (Line.rfind("```", 0) == 0) {
      if (!Inside)
        Blocks.push_back({Line.substr(3), {}});
      Inside = !Inside;
      continue;
    }
    if (Inside)
      Blocks.back().Lines.push_back(Line);
  }
  return Blocks;
}

std::string trimmed(std::string Text) {
  Text.erase(0, Text.find_first_not_of(" \t"));
  // GitLab's `script:` is a YAML list.
  if (Text.rfind("- ", 0) == 0)
    Text.erase(0, 2);
  return Text;
}

/// The `modelcompat ...` lines of the YAML blocks, in page order.
std::vector<std::string> workflowCommands(const std::vector<FencedBlock> &Blocks) {
  std::vector<std::string> Commands;
  for (const FencedBlock &Block : Blocks)
    if (Block.Language == "yaml")
      for (const std::string &Line : Block.Lines)
        if (trimmed(Line).rfind("modelcompat ", 0) == 0)
          Commands.push_back(trimmed(Line));
  return Commands;
}

std::string prePushHook(const std::vector<FencedBlock> &Blocks) {
  for (const FencedBlock &Block : Blocks)
    if (Block.Language == "sh" && !Block.Lines.empty() &&
        Block.Lines[0] == "#!/bin/sh") {
      std::string Script;
      for (const std::string &Line : Block.Lines)
        Script += Line + "\n";
      return Script;
    }
  return "";
}

/// The pull request: main = v1; feature = v2, tracking main.
class CiDocs : public ::testing::Test {
protected:
  void SetUp() override {
    Blocks = fencedBlocks(std::string(MODELCOMPAT_TEST_SOURCE_DIR) + "/docs/ci.md");
    Repo = makeExampleRepo(Temp);
    shell("cd " + shellQuoted(Repo) + " && git checkout -q -b feature && "
          "git branch -q -f main HEAD~1 && git branch -q --set-upstream-to=main");
    // What `verify` and `diff` cache goes where the other e2e tests keep theirs.
    fs::create_directories(Temp.file("xdg/modelcompat"));
    fs::create_directories(verifyCacheDir());
    fs::create_symlink(verifyCacheDir(), Temp.file("xdg/modelcompat/verify"));
    fs::create_directories(Repo + "/legacy-checkpoints");
    for (const char *Seed : {"1", "2"})
      shell(std::string(MODELCOMPAT_EXAMPLE_V1_CHECKPOINT_WRITER) + " " + Seed + " " +
            shellQuoted(Repo + "/legacy-checkpoints/run" + Seed + ".pt"));
  }

  /// Runs Command as a CI job would: in the checkout, modelcompat on PATH.
  ProcessResult runInCheckout(const std::string &Command) {
    ProcessOptions Options;
    Options.WorkingDirectory = Repo;
    Options.Environment = {
        "PATH=" + fs::path(modelcompatBinary()).parent_path().string() + ":" +
            std::getenv("PATH"),
        "XDG_CACHE_HOME=" + Temp.file("xdg"),
        "BASE=" + shellOutput("git -C " + shellQuoted(Repo) + " merge-base main HEAD"),
        "HEAD=" + shellOutput("git -C " + shellQuoted(Repo) + " rev-parse HEAD")};
    return runShell(Command, Options);
  }

  /// `modelcompat migrate` as the docs tell the author, then a commit.
  void commitGeneratedMigration() {
    ProcessResult Migrate = runInCheckout("modelcompat migrate \"$BASE\" \"$HEAD\"");
    ASSERT_EQ(Migrate.ExitCode, 4) << Migrate.Output << Migrate.Error;
    shell("cd " + shellQuoted(Repo) + " && git add modelcompat && " +
          DeterministicGitEnv + "git commit -q -m 'state-dict migrations'");
  }

  TempDirectory Temp;
  std::vector<FencedBlock> Blocks;
  std::string Repo;
};

} // namespace

TEST_F(CiDocs, ThePageShowsTheCommandsThisTestRuns) {
  std::vector<std::string> Commands = workflowCommands(Blocks);
  // GitHub: two diffs and a verify; GitLab: the same.
  ASSERT_EQ(Commands.size(), 6u);
  EXPECT_EQ(prePushHook(Blocks).empty(), false);
}

TEST_F(CiDocs, WorkflowCommandsPassOnAPullRequestWithItsMigration) {
  commitGeneratedMigration();
  for (const std::string &Command : workflowCommands(Blocks)) {
    SCOPED_TRACE(Command);
    ProcessResult Result = runInCheckout(Command);
    bool ReportOnly = Command.find("--fail-on never") != std::string::npos;
    bool Verify = Command.rfind("modelcompat verify", 0) == 0;
    // diff: covered changes are bit 4, which a gate on bit 8 lets through.
    EXPECT_EQ(Result.ExitCode, ReportOnly || Verify ? 0 : 4) << Result.Output << Result.Error;
    if (Verify) {
      EXPECT_EQ(Result.Output.substr(0, Result.Output.find('\n')).rfind(": PASS"),
                Result.Output.find('\n') - 6)
          << Result.Output;
      for (const char *Checkpoint : {"run1.pt", "run2.pt"})
        EXPECT_NE(Result.Output.find(std::string("legacy-checkpoints/") + Checkpoint +
                                     ": PASS\n"),
                  std::string::npos)
            << Result.Output;
    }
    if (Command.find("--format github") != std::string::npos)
      EXPECT_NE(Result.Output.find("::notice "), std::string::npos) << Result.Output;
  }
  for (const char *Sarif : {"modelcompat.sarif", "gl-modelcompat.sarif"}) {
    json Log = json::parse(readFile(Repo + "/" + Sarif));
    EXPECT_EQ(Log["version"], "2.1.0");
    EXPECT_EQ(Log["runs"][0]["tool"]["driver"]["name"], "modelcompat");
    EXPECT_FALSE(Log["runs"][0]["results"].empty());
  }
}

TEST_F(CiDocs, TheGateFailsWithoutTheMigration) {
  for (const std::string &Command : workflowCommands(Blocks)) {
    if (Command.rfind("modelcompat diff", 0) != 0 ||
        Command.find("--fail-on never") != std::string::npos)
      continue;
    SCOPED_TRACE(Command);
    ProcessResult Result = runInCheckout(Command);
    EXPECT_EQ(Result.ExitCode, 12) << Result.Output << Result.Error;
    if (Command.find("--format github") != std::string::npos)
      EXPECT_NE(Result.Output.find("::error file=include/fx/attention.h,"),
                std::string::npos)
          << Result.Output;
  }
}

TEST_F(CiDocs, PrePushHookStopsAnUncoveredChangeAndLetsTheMigrationThrough) {
  std::string Hook = Repo + "/.git/hooks/pre-push";
  std::ofstream(Hook) << prePushHook(Blocks);
  fs::permissions(Hook, fs::perms::owner_exec, fs::perm_options::add);
  ProcessResult Stopped = runInCheckout(".git/hooks/pre-push");
  EXPECT_EQ(Stopped.ExitCode, 1) << Stopped.Output << Stopped.Error;
  EXPECT_NE(Stopped.Error.find("pre-push: breaking state-dict changes without a migration; "
                               "run 'modelcompat migrate "),
            std::string::npos)
      << Stopped.Error;
  commitGeneratedMigration();
  ProcessResult Allowed = runInCheckout(".git/hooks/pre-push");
  EXPECT_EQ(Allowed.ExitCode, 0) << Allowed.Output << Allowed.Error;
}
