//===- RevisionDiff.h - Two revisions, read from git, scanned and diffed -*- C++ -*-===//
//
// The pipeline `diff` and `migrate` share: resolve BASE and HEAD, read their
// trees from git objects, scan them through the per-file cache, diff the
// schemas, and let the migrations committed at HEAD cover findings.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_TOOL_REVISIONDIFF_H
#define MODELCOMPAT_TOOL_REVISIONDIFF_H

#include "modelcompat/report/ScanProblems.h"
#include "modelcompat/diff/ScanCache.h"
#include "modelcompat/diff/SchemaDiff.h"
#include "modelcompat/extract/Scanner.h"
#include "modelcompat/git/GitRepository.h"
#include "modelcompat/support/ArgParser.h"

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

/// The scan flags diff, migrate and init share (-p/--compile-commands,
/// --extra-arg, --cache-dir, --no-cache, -j/--jobs, --verbose), appended to
/// a command's own flags: one wording of each.
std::vector<FlagSpec> withRevisionScanFlags(std::vector<FlagSpec> Own);

/// Fills a request from the scan flags the revision commands share (--repo,
/// -p/--compile-commands, --extra-arg, --cache-dir, --no-cache, -j/--jobs,
/// --verbose, the paths after `--`); the revisions are the caller's.
RevisionDiffRequest revisionScanRequest(const ParsedArgs &Args, const std::string &Command);

/// Reads one revision of an open repository from git objects and scans it
/// as diff does (through the per-file cache; migrations directory left out).
/// Cache warnings and compiler errors go to Err.
ScannedRevision scanRevision(const GitRepository &Repo, const std::string &Rev,
                             const RevisionDiffRequest &Request, std::ostream &Err);

/// The scan options Request's scans use in Repo: a compilation database's
/// paths are mapped onto the repository's work tree.
RevisionDiffRequest effectiveRequest(const GitRepository &Repo,
                                     const RevisionDiffRequest &Request);

/// Fills a request from the flags both commands share (--repo,
/// -p/--compile-commands, --extra-arg, --cache-dir, --no-cache, -j/--jobs,
/// the paths after `--`) and the two positionals. --migrations is the
/// caller's. Command names the command in usage errors.
RevisionDiffRequest revisionDiffRequest(const ParsedArgs &Args, const std::string &Command);

/// Runs the pipeline. Cache warnings and compiler errors go to Err.
RevisionDiff diffRevisions(const RevisionDiffRequest &Request, std::ostream &Err);

} // namespace modelcompat

#endif
