//===- ResolvedRevision.h - A revision and the commit it names --*- C++ -*-===//
#ifndef MODELCOMPAT_SUPPORT_RESOLVEDREVISION_H
#define MODELCOMPAT_SUPPORT_RESOLVEDREVISION_H

#include <string>

namespace modelcompat {

/// A revision as the user wrote it and the commit it resolved to: what the
/// git reader returns, what reports name and what verify builds.
struct ResolvedRevision {
  std::string Spec;   ///< As given: "v1", "HEAD~1", "origin/main", a sha.
  std::string Commit; ///< The full sha (40 hex digits).
  /// The first 12 hex digits, as messages and cache names show it.
  std::string shortCommit() const { return Commit.substr(0, 12); }
};

} // namespace modelcompat

#endif
