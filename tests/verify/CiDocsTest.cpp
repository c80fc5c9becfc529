//===- CiDocsTest.cpp - The commands of docs/ci.md, run for real ----------===//
//
// docs/ci.md promises that every command it shows is run by the test suite.
// The workflow files themselves cannot run here, so this test reads the page,
// takes each `modelcompat ...` line of its GitHub Actions and GitLab CI
// blocks and the whole pre-push hook, and runs them in a repository of the
// bundled example shaped like a pull request: `main` holds v1, the branch
// `feature` holds v2 and then the migration `modelcompat migrate` wrote.
// Legacy checkpoints are saved by the v1 code with torch::save. The CI cache
// steps are played by moving the scan cache the `diff` lines wrote (the
// directory the cache steps save) into another clone, where the same lines
// must parse nothing and print the same.
//
//===----------------------------------------------------------------------===//
#include "ExampleRepo.h"
#include "modelcompat/support/ReadFile.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

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

/// The directories the YAML blocks' cache steps save: `path:` of
/// actions/cache, `paths:` of a GitLab `cache:`.
std::set<std::string> savedCacheDirectories(const std::vector<FencedBlock> &Blocks) {
  std::set<std::string> Dirs;
  for (const FencedBlock &Block : Blocks) {
    if (Block.Language != "yaml")
      continue;
    bool InCache = false;
    for (const std::string &Line : Block.Lines) {
      std::string Text = trimmed(Line);
      if (Text.rfind("uses: actions/cache@", 0) == 0 || Text == "cache:") {
        InCache = true;
      } else if (InCache && Text.rfind("path: ", 0) == 0) {
        Dirs.insert(Text.substr(6));
        InCache = false;
      } else if (InCache && Text.rfind("paths: [", 0) == 0) {
        std::string Dir = Text.substr(8, Text.find(']') - 8);
        Dirs.insert(Dir.back() == '/' ? Dir.substr(0, Dir.size() - 1) : Dir);
        InCache = false;
      }
    }
  }
  return Dirs;
}

/// The word after `--cache-dir` in Command, or "".
std::string cacheDirectoryOf(const std::string &Command) {
  std::size_t At = Command.find("--cache-dir ");
  if (At == std::string::npos)
    return "";
  At += 12;
  return Command.substr(At, Command.find(' ', At) - At);
}

std::size_t occurrences(const std::string &Text, const std::string &Part) {
  std::size_t N = 0;
  for (std::size_t At = Text.find(Part); At != std::string::npos; At = Text.find(Part, At + 1))
    ++N;
  return N;
}

std::string prePushHook(const std::vector<FencedBlock> &Blocks) {
  for (const FencedBlock &Block : Blocks)
    if (Block.Language == "sh" && !Block.Lines.empty() && Block.Lines[0] == "#!/bin/sh") {
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
    shell("cd " + shellQuoted(Repo) +
          " && git checkout -q -b feature && "
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

  /// Runs Command as a CI job would: in the checkout (Repo unless given),
  /// modelcompat on PATH.
  ProcessResult runInCheckout(const std::string &Command, std::string Checkout = "") {
    if (Checkout.empty())
      Checkout = Repo;
    ProcessOptions Options;
    Options.WorkingDirectory = Checkout;
    Options.Environment = {
        "PATH=" + fs::path(modelcompatBinary()).parent_path().string() + ":" + std::getenv("PATH"),
        "XDG_CACHE_HOME=" + Temp.file("xdg"),
        "BASE=" + shellOutput("git -C " + shellQuoted(Checkout) + " merge-base main HEAD"),
        "HEAD=" + shellOutput("git -C " + shellQuoted(Checkout) + " rev-parse HEAD")};
    return runShell(Command, Options);
  }

  /// `modelcompat migrate` as the docs tell the author, then a commit.
  void commitGeneratedMigration() {
    ProcessResult Migrate = runInCheckout("modelcompat migrate \"$BASE\" \"$HEAD\"");
    ASSERT_EQ(Migrate.ExitCode, 4) << Migrate.Output << Migrate.Error;
    shell("cd " + shellQuoted(Repo) + " && git add modelcompat && " + DeterministicGitEnv +
          "git commit -q -m 'state-dict migrations'");
  }

  TempDirectory Temp;
  std::vector<FencedBlock> Blocks;
  std::string Repo;
};

} // namespace

TEST_F(CiDocs, ThePageShowsTheCommandsThisTestRuns) {
  std::vector<std::string> Commands = workflowCommands(Blocks);
  // GitHub: two diffs and a verify, and the default branch's diff that
  // fills the scan cache; GitLab: the same.
  ASSERT_EQ(Commands.size(), 8u);
  EXPECT_EQ(prePushHook(Blocks).empty(), false);
  // Every diff writes the one directory that every cache step saves.
  std::set<std::string> Saved = savedCacheDirectories(Blocks);
  EXPECT_EQ(Saved, std::set<std::string>{".modelcompat-cache"});
  for (const std::string &Command : Commands)
    if (Command.rfind("modelcompat diff", 0) == 0)
      EXPECT_EQ(std::set<std::string>{cacheDirectoryOf(Command)}, Saved) << Command;
}

// What the cache steps do between two runs, on another runner: the scan
// cache the first checkout's `diff` lines wrote is moved into another clone
// (another path, as on another machine), where they parse nothing and
// print the same.
TEST_F(CiDocs, TheScanCacheMovedToAnotherCloneParsesNothing) {
  std::vector<std::string> Diffs;
  for (const std::string &Command : workflowCommands(Blocks))
    if (Command.rfind("modelcompat diff", 0) == 0)
      Diffs.push_back(Command);
  std::set<std::string> Saved = savedCacheDirectories(Blocks);
  ASSERT_EQ(Saved.size(), 1u);
  const std::string Dir = *Saved.begin();

  std::vector<ProcessResult> First;
  for (const std::string &Command : Diffs)
    First.push_back(runInCheckout(Command));
  std::string Clone = Temp.file("second-runner/checkout");
  shell("git clone -q " + shellQuoted(Repo) + " " + shellQuoted(Clone) + " && cd " +
        shellQuoted(Clone) + " && git branch -q main origin/main");
  ASSERT_TRUE(fs::is_directory(Repo + "/" + Dir));
  fs::rename(Repo + "/" + Dir, Clone + "/" + Dir);

  for (std::size_t I = 0; I < Diffs.size(); ++I) {
    SCOPED_TRACE(Diffs[I]);
    ProcessResult Again = runInCheckout(Diffs[I] + " --verbose", Clone);
    EXPECT_EQ(Again.Output, First[I].Output);
    EXPECT_EQ(Again.ExitCode, First[I].ExitCode) << Again.Error;
    // Base and head: every file reused.
    EXPECT_EQ(occurrences(Again.Error, " 0 parsed (0 parses),"), 2u) << Again.Error;
  }
  for (const char *Sarif : {"modelcompat.sarif", "gl-modelcompat.sarif"})
    EXPECT_EQ(readFile(Clone + "/" + Sarif), readFile(Repo + "/" + Sarif)) << Sarif;
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
        EXPECT_NE(Result.Output.find(std::string("legacy-checkpoints/") + Checkpoint + ": PASS\n"),
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
      EXPECT_NE(Result.Output.find("::error file=include/fx/attention.h,"), std::string::npos)
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
