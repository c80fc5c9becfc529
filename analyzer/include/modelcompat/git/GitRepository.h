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

#include "modelcompat/extract/Scanner.h"

#include <memory>
#include <string>
#include <vector>

namespace modelcompat {

/// A revision as the user wrote it and the commit it resolved to.
struct ResolvedCommit {
  std::string Rev; ///< "v1", "HEAD~1", "origin/main", a sha.
  std::string Sha; ///< 40 hex digits.
};

/// Which files of a commit's tree to read.
struct TreeFilter {
  /// Repository-relative paths (files or directories) to keep; empty: all.
  std::vector<std::string> Paths;
  /// File name endings to keep (".h", ".json"); empty: every file.
  std::vector<std::string> Extensions;
};

/// The file name endings of the C++ sources and headers a scan parses
/// (.h .hh .hpp .hxx .cpp .cc .cxx).
const std::vector<std::string> &cppFileExtensions();

/// cppFileExtensions() plus fragments that are only ever #included
/// (.inc .ipp .inl .tpp .cuh), and CMakeLists.txt (the scan reads the flags
/// it states): what a tree must hold for a scan.
const std::vector<std::string> &includableFileExtensions();

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
  ResolvedCommit resolve(const std::string &Rev) const;

  /// Reads the files of Commit's tree that pass Filter, sorted by path,
  /// each with its blob id.
  SourceTree readTree(const ResolvedCommit &Commit, const TreeFilter &Filter) const;

private:
  struct Impl;
  explicit GitRepository(std::unique_ptr<Impl> State);
  std::unique_ptr<Impl> State;
  std::string DisplayPath;
};

} // namespace modelcompat

#endif
