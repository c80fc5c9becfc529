//===- TempGitRepo.h - A real git repository built by a test ----*- C++ -*-===//
#ifndef MODELCOMPAT_TESTS_TEMPGITREPO_H
#define MODELCOMPAT_TESTS_TEMPGITREPO_H

#include "support/TempDirectory.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace modelcompat::test {

/// A git repository in a fresh temporary directory, driven through the real
/// `git` command line. Author, committer and dates are fixed, so equal
/// contents give equal commit ids in every run. Every failing git command
/// fails the test by throwing std::runtime_error with git's stderr.
class TempGitRepo {
public:
  /// `git init` on branch main (or a bare repository when Bare is true).
  explicit TempGitRepo(bool Bare = false);

  /// The repository's directory (the work tree, or the bare git directory).
  const std::filesystem::path &path() const { return Dir.path(); }
  std::string root() const { return Dir.path().string(); }

  /// Writes a file of the work tree, creating parent directories.
  std::string write(const std::string &Relative, const std::string &Contents) const;
  /// Deletes a file of the work tree.
  void remove(const std::string &Relative) const;
  /// Makes the work tree (outside .git) an exact copy of Source's files.
  void replaceTree(const std::filesystem::path &Source) const;

  /// Stages everything (`git add -A`) and commits; returns the commit id.
  /// Each commit is dated one minute after the previous one.
  std::string commit(const std::string &Message);
  /// Writes Files, then commits them.
  std::string commitFiles(const std::map<std::string, std::string> &Files,
                          const std::string &Message);

  void tag(const std::string &Name, const std::string &Rev = "HEAD") const;
  void branch(const std::string &Name, const std::string &Rev = "HEAD") const;
  void checkout(const std::string &Rev) const;

  /// Runs `git <Args>` in the repository; returns its stdout.
  std::string git(const std::vector<std::string> &Args) const;

  /// Clones this repository as a bare repository into Target.
  void cloneBareInto(const std::filesystem::path &Target) const;

private:
  TempDirectory Dir;
  int Commits = 0;
};

} // namespace modelcompat::test

#endif
