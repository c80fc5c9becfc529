//===- ExampleRepo.cpp - Git repositories of the bundled example ----------===//
#include "ExampleRepo.h"
#include "support/Golden.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace modelcompat::test {

std::string exampleDir() {
  return std::string(MODELCOMPAT_TEST_SOURCE_DIR) + "/examples/autoencoder";
}

std::string verifyCacheDir() {
  return std::string(MODELCOMPAT_TEST_BINARY_DIR) + "/tests/verify/e2e-cache";
}

const std::string DeterministicGitEnv =
    "GIT_AUTHOR_NAME=modelcompat-test GIT_AUTHOR_EMAIL=test@example.com "
    "GIT_COMMITTER_NAME=modelcompat-test GIT_COMMITTER_EMAIL=test@example.com "
    "GIT_AUTHOR_DATE='2024-01-01T00:00:00Z' "
    "GIT_COMMITTER_DATE='2024-01-01T00:00:00Z' ";

std::string shellQuoted(const std::string &Text) { return "'" + Text + "'"; }

void shell(const std::string &Command) {
  ProcessResult Result = runShell(Command);
  ASSERT_EQ(Result.ExitCode, 0) << Command << "\n" << Result.Output << Result.Error;
}

std::string shellOutput(const std::string &Command) {
  ProcessResult Result = runShell(Command);
  EXPECT_EQ(Result.ExitCode, 0) << Command << "\n" << Result.Error;
  std::string Out = Result.Output;
  while (!Out.empty() && Out.back() == '\n')
    Out.pop_back();
  return Out;
}

void commitTree(const std::string &Repo, const std::string &Source, const std::string &Message) {
  shell("cd " + shellQuoted(Repo) +
        " && find . -mindepth 1 -maxdepth 1 ! -name .git "
        "-exec rm -rf {} + && cp -R " +
        shellQuoted(Source) + "/. . && git add -A && " + DeterministicGitEnv + "git commit -q -m " +
        shellQuoted(Message));
}

std::string makeExampleRepo(const TempDirectory &Temp) {
  std::string Repo = Temp.file("repo");
  fs::create_directories(Repo);
  shell("cd " + shellQuoted(Repo) + " && git init -q -b main .");
  commitTree(Repo, exampleDir() + "/v1", "v1: attention at the top level of the block");
  commitTree(Repo, exampleDir() + "/v2", "v2: attn sub-module, outpad buffer");
  return Repo;
}

ProcessResult verify(const std::string &Repo, std::vector<std::string> Args) {
  std::vector<std::string> Argv = {modelcompatBinary(), "verify",        "--repo", Repo,
                                   "--cache-dir",       verifyCacheDir()};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  return runProcess(Argv);
}

std::string exampleMigrationGolden() { return goldenPath("example-migration"); }

std::string generatedMigrations(const std::string &Repo) {
#ifndef MODELCOMPAT_TEST_HAVE_ANALYZER
  // A runtime-only build cannot run `migrate`; analyzer builds check that it
  // writes exactly these files (ExampleMigration.MigrateWritesTheGoldenFiles).
  (void)Repo;
  return exampleMigrationGolden();
#endif
  std::string Head = shellOutput("git -C " + shellQuoted(Repo) + " rev-parse HEAD");
  // Keyed by the binary too: a rebuilt modelcompat may generate differently.
  auto Built = fs::last_write_time(modelcompatBinary()).time_since_epoch().count();
  std::string Dir =
      verifyCacheDir() + "/migrations-" + Head.substr(0, 12) + "-" + std::to_string(Built);
  if (fs::exists(Dir + "/complete"))
    return Dir;
  std::string Partial = Dir + ".partial." + std::to_string(::getpid());
  ProcessResult Migrate =
      runProcess({modelcompatBinary(), "migrate", "--repo", Repo, "-o", Partial, "HEAD~1", "HEAD"});
  // 4: migrations written, all complete (no TODO left for a human).
  EXPECT_EQ(Migrate.ExitCode, 4) << Migrate.Output << Migrate.Error;
  std::ofstream(Partial + "/complete") << Head << "\n";
  std::error_code EC;
  fs::rename(Partial, Dir, EC); // a concurrent test may have won: fine
  fs::remove_all(Partial, EC);
  return Dir;
}

} // namespace modelcompat::test
