#include "support/TempGitRepo.h"
#include "support/Process.h"

#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace modelcompat::test {
namespace {

/// Fixed identities and dates keep commit ids stable across runs.
std::vector<std::string> gitEnvironment(int Minute) {
  std::string Date = "2024-01-01T00:" + std::string(Minute < 10 ? "0" : "") +
                     std::to_string(Minute % 60) + ":00+0000";
  return {"GIT_AUTHOR_NAME=modelcompat test",
          "GIT_AUTHOR_EMAIL=test@modelcompat.invalid",
          "GIT_COMMITTER_NAME=modelcompat test",
          "GIT_COMMITTER_EMAIL=test@modelcompat.invalid",
          "GIT_AUTHOR_DATE=" + Date,
          "GIT_COMMITTER_DATE=" + Date,
          "GIT_CONFIG_NOSYSTEM=1",
          "HOME=/nonexistent"};
}

std::string runGit(const std::string &Dir, const std::vector<std::string> &Args, int Minute = 0) {
  std::vector<std::string> Argv = {"git",
                                   "-c",
                                   "init.defaultBranch=main",
                                   "-c",
                                   "commit.gpgsign=false",
                                   "-c",
                                   "tag.gpgsign=false",
                                   "-c",
                                   "core.autocrlf=false"};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  ProcessOptions Options;
  Options.WorkingDirectory = Dir;
  Options.Environment = gitEnvironment(Minute);
  ProcessResult Result = runProcess(Argv, Options);
  if (Result.ExitCode != 0) {
    std::string Line;
    for (const std::string &Arg : Args)
      Line += " " + Arg;
    throw std::runtime_error("git" + Line + " failed in " + Dir + ": " + Result.Error);
  }
  return Result.Output;
}

} // namespace

TempGitRepo::TempGitRepo(bool Bare) {
  if (Bare)
    runGit(root(), {"init", "-q", "--bare"});
  else
    runGit(root(), {"init", "-q"});
}

std::string TempGitRepo::write(const std::string &Relative, const std::string &Contents) const {
  return Dir.write(Relative, Contents);
}

void TempGitRepo::remove(const std::string &Relative) const { fs::remove(Dir.path() / Relative); }

void TempGitRepo::replaceTree(const fs::path &Source) const {
  for (const fs::directory_entry &Entry : fs::directory_iterator(Dir.path()))
    if (Entry.path().filename() != ".git")
      fs::remove_all(Entry.path());
  for (const fs::directory_entry &Entry : fs::recursive_directory_iterator(Source)) {
    if (!Entry.is_regular_file())
      continue;
    fs::path Target = Dir.path() / fs::relative(Entry.path(), Source);
    fs::create_directories(Target.parent_path());
    fs::copy_file(Entry.path(), Target, fs::copy_options::overwrite_existing);
  }
}

std::string TempGitRepo::commit(const std::string &Message) {
  ++Commits;
  runGit(root(), {"add", "-A"}, Commits);
  runGit(root(), {"commit", "-q", "--allow-empty", "-m", Message}, Commits);
  std::string Sha = runGit(root(), {"rev-parse", "HEAD"});
  return Sha.substr(0, Sha.find('\n'));
}

std::string TempGitRepo::commitFiles(const std::map<std::string, std::string> &Files,
                                     const std::string &Message) {
  for (const auto &[Path, Contents] : Files)
    write(Path, Contents);
  return commit(Message);
}

void TempGitRepo::tag(const std::string &Name, const std::string &Rev) const {
  runGit(root(), {"tag", Name, Rev});
}

void TempGitRepo::branch(const std::string &Name, const std::string &Rev) const {
  runGit(root(), {"branch", Name, Rev});
}

void TempGitRepo::checkout(const std::string &Rev) const {
  runGit(root(), {"checkout", "-q", Rev});
}

std::string TempGitRepo::git(const std::vector<std::string> &Args) const {
  return runGit(root(), Args);
}

void TempGitRepo::cloneBareInto(const fs::path &Target) const {
  runGit(root(), {"clone", "-q", "--bare", root(), Target.string()});
}

} // namespace modelcompat::test
