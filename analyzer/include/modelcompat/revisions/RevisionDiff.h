//===- RevisionDiff.h - Two revisions, read from git, scanned and diffed -*- C++ -*-===//
//
// The pipeline `diff` and `migrate` share: resolve BASE and HEAD, read their
// trees from git objects, scan them through the per-file cache, diff the
// schemas, and let the migrations committed at HEAD cover findings. A library
// above extract, git, diff and migrate; the flags that fill a request are the
// CLI's (analyzer/tool/RevisionFlags.h).
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_REVISIONS_REVISIONDIFF_H
#define MODELCOMPAT_REVISIONS_REVISIONDIFF_H

#include "modelcompat/diff/ScanCache.h"
#include "modelcompat/diff/SchemaDiff.h"
#include "modelcompat/extract/Scanner.h"
#include "modelcompat/git/GitRepository.h"
#include "modelcompat/report/ScanProblems.h"

#include <ostream>
#include <string>
#include <vector>

namespace modelcompat {

/// Where the migrations `migrate` writes and `diff` reads live by default.
extern const char *const DefaultMigrationsDir;

/// What to compare, and how to scan.
struct RevisionDiffRequest {
  std::string Repo = ".";
  std::string BaseRev, HeadRev;
  std::vector<std::string> Paths; ///< Scan only under these; empty: all.
  ScanOptions Scan;
  ScanCacheOptions Cache;
  /// Tree-relative; its specs cover findings, and its files (modelcompat's
  /// own generated code) are never scanned as model code.
  std::string MigrationsDir = DefaultMigrationsDir;
  /// How much of each scan's diagnostics to print (--verbose: all).
  ScanProblemDetail Problems = ScanProblemDetail::Summary;
};

/// One revision, read and scanned.
struct ScannedRevision {
  ResolvedRevision Revision;
  SourceTree Tree;
  ScanResult Scan;
};

/// Both revisions and their diff, coverage applied.
struct RevisionDiff {
  ScannedRevision Base, Head;
  SchemaDiff Diff;
};

/// Reads one revision of an open repository from git objects and scans it
/// as diff does (through the per-file cache; migrations directory left out).
/// Cache warnings and compiler errors go to Err.
ScannedRevision scanRevision(const GitRepository &Repo, const std::string &Rev,
                             const RevisionDiffRequest &Request, std::ostream &Err);

/// The scan options Request's scans use in Repo: a compilation database's
/// paths are mapped onto the repository's work tree.
RevisionDiffRequest effectiveRequest(const GitRepository &Repo, const RevisionDiffRequest &Request);

/// Runs the pipeline. Cache warnings and compiler errors go to Err.
RevisionDiff diffRevisions(const RevisionDiffRequest &Request, std::ostream &Err);

} // namespace modelcompat

#endif
