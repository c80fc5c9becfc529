//===- GitRepository.h - Read commits straight from git objects -*- C++ -*-===//
//
// A read-only view of a git repository through libgit2: revisions resolve to
// commits and commits' trees are read from the object database into a
// SourceTree. Nothing is checked out and nothing is written to the repository
// (no index refresh, no ref update, no lock file).
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_GIT_GITREPOSITORY_H
#define MODELCOMPAT_GIT_GITREPOSITORY_H

#include "modelcompat/source/SourceTree.h"
#include "modelcompat/support/ResolvedRevision.h"

#include <memory>
#include <string>
#include <vector>

namespace modelcompat {

/// Which files of a commit's tree to read.
struct TreeFilter {
  /// Repository-relative paths (files or directories) to keep; empty: all.
  std::vector<std::string> Paths;
  /// File name endings to keep (".h", ".json"); empty: every file.
  std::vector<std::string> Extensions;
};

/// Whether Path lies at or under one of Prefixes ("models" keeps
/// "models/attn.h"); an empty list keeps everything.
bool isUnderAnyPath(const std::string &Path, const std::vector<std::string> &Prefixes);

/// An open repository. Movable, not copyable.
class GitRepository {
public:
  /// Opens the repository at or above Path (bare repositories too). Throws
  /// Error "'<path>' is not a git repository" when there is none.
  static GitRepository open(const std::string &Path);

  GitRepository(GitRepository &&) noexcept;
  GitRepository &operator=(GitRepository &&) noexcept;
  ~GitRepository();

  /// The working directory, or the git directory of a bare repository,
  /// without a trailing slash; used in messages.
  const std::string &path() const { return DisplayPath; }

  /// Whether the repository has no work tree.
  bool isBare() const;

  /// Resolves any rev-spec to a commit. Throws Error
  /// "unknown revision 'nope' in repository '/path'".
  ResolvedRevision resolve(const std::string &Rev) const;

  /// Reads the files of Commit's tree that pass Filter, sorted by path,
  /// each with its blob id.
  SourceTree readTree(const ResolvedRevision &Commit, const TreeFilter &Filter) const;

private:
  struct Impl;
  explicit GitRepository(std::unique_ptr<Impl> State);
  std::unique_ptr<Impl> State;
  std::string DisplayPath;
};

} // namespace modelcompat

#endif
