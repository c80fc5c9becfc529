//===- GitRevision.h - Read revisions without touching the work tree -*- C++ -*-===//
//
// verify reads the manifest from HEAD's tree and exports each revision's tree
// with `git archive`, never through a checkout: the user's working tree,
// index and branches are not written to.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_VERIFY_GITREVISION_H
#define MODELCOMPAT_VERIFY_GITREVISION_H

#include "modelcompat/support/ResolvedRevision.h"

#include <optional>
#include <string>

namespace modelcompat {

/// The top level of the work tree that contains Dir; throws Error naming
/// Dir when it is not inside a git repository.
std::string findRepositoryRoot(const std::string &Dir);

/// Resolves Spec to a commit in Repo; throws Error naming Spec.
ResolvedRevision resolveRevision(const std::string &Repo, const std::string &Spec);

/// Resolves Spec to a commit, or nullopt when it names nothing.
std::optional<std::string> tryResolveCommit(const std::string &Repo, const std::string &Spec);

/// Whether Commit's tree has a directory at Path (tree-relative).
bool directoryExistsAtCommit(const std::string &Repo, const std::string &Commit,
                             const std::string &Path);

/// The bytes of Path in Commit's tree, or nullopt when the tree lacks it.

std::optional<std::string> readFileAtCommit(const std::string &Repo, const std::string &Commit,
                                            const std::string &Path);

/// Writes Commit's whole tree into the existing empty directory Destination
/// (`git archive | tar -x`; no worktree, no index). Throws Error naming the
/// commit on failure.
void exportTree(const std::string &Repo, const std::string &Commit, const std::string &Destination);

} // namespace modelcompat

#endif
