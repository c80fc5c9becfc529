//===- RevisionDiff.cpp - Two revisions, read from git, scanned and diffed -===//
#include "modelcompat/revisions/RevisionDiff.h"

#include "modelcompat/diff/DiffSchemas.h"
#include "modelcompat/diff/MigrationCoverage.h"
#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/migrate/SpecCoverage.h"
#include "modelcompat/source/CppFiles.h"
#include "modelcompat/support/Error.h"

#include <nlohmann/json.hpp>

#include <set>

namespace modelcompat {

const char *const DefaultMigrationsDir = "modelcompat/migrations";

namespace {

/// The files to scan: C++ files under Paths, outside the migrations
/// directory (generated migrations include modelcompat's headers, which the
/// model's tree does not have, and define no modules). The whole tree stays
/// readable for includes.
std::vector<std::string> scanTargets(const SourceTree &Tree, const RevisionDiffRequest &Request) {
  const std::string &Excluded = Request.MigrationsDir;
  bool Excludes = !Excluded.empty() && Excluded != "." && Excluded != "./";
  std::vector<std::string> Targets;
  for (const SourceFile &File : Tree.Files)
    if (isCppFile(File.Path) && isUnderAnyPath(File.Path, Request.Paths) &&
        !(Excludes && isUnderAnyPath(File.Path, {Excluded})))
      Targets.push_back(File.Path);
  return Targets;
}

/// What selects scanTargets, for the cache key (ScanCacheOptions::Scope).
std::string cacheScope(const RevisionDiffRequest &Request) {
  std::string Scope;
  for (const std::string &Path : Request.Paths)
    Scope += "path:" + Path + "\n";
  return Scope + "excluded:" + Request.MigrationsDir + "\n";
}

/// The specs committed under Dir at Head, as coverage. A spec that does not
/// parse is an error naming it: a broken migration must not silently stop
/// covering its findings.
std::vector<MigrationCoverage> committedMigrations(const GitRepository &Repo,
                                                   const ResolvedRevision &Head,
                                                   const std::string &Dir) {
  std::vector<MigrationCoverage> Specs;
  for (const SourceFile &File : Repo.readTree(Head, TreeFilter{{Dir}, {".json"}}).Files) {
    nlohmann::json Document =
        nlohmann::json::parse(File.Content, nullptr, /*allow_exceptions=*/false);
    if (Document.is_discarded())
      throw Error("invalid migration spec '" + File.Path + "' at " + Head.Spec +
                  ": not valid JSON");
    Specs.push_back(coverageOfSpec(migrationSpecFromJson(Document, File.Path), File.Path));
  }
  return Specs;
}

} // namespace

ScannedRevision scanRevision(const GitRepository &Repo, const std::string &Rev,
                             const RevisionDiffRequest &Request, std::ostream &Err) {
  ScannedRevision Side;
  Side.Revision = Repo.resolve(Rev);
  Side.Tree = Repo.readTree(Side.Revision, TreeFilter{{}, includableFileExtensions()});
  ScanCacheStats Stats;
  ScanCacheOptions Cache = Request.Cache;
  Cache.Scope = cacheScope(Request);
  Side.Scan = scanWithCache(Side.Tree, scanTargets(Side.Tree, Request), Request.Scan, Cache,
                            scanTree, Stats);
  for (const std::string &Warning : Stats.Warnings)
    Err << "modelcompat: warning: " << Warning << "\n";
  Err << describeScanProblems(Side.Scan, Request.Problems, " (at " + Rev + ")");
  return Side;
}

RevisionDiffRequest effectiveRequest(const GitRepository &Repo,
                                     const RevisionDiffRequest &Request) {
  RevisionDiffRequest Effective = Request;
  if (!Effective.Scan.CompileCommandsDir.empty() && !Repo.isBare())
    Effective.Scan.RealRoot = Repo.path();
  return Effective;
}

RevisionDiff diffRevisions(const RevisionDiffRequest &Request, std::ostream &Err) {
  GitRepository Repo = GitRepository::open(Request.Repo);
  RevisionDiffRequest Effective = effectiveRequest(Repo, Request);
  // Base first, then head: a head file whose key is unchanged (blob,
  // includes, includers, flags) takes the base's result, cache directory
  // or not. The parses within each commit run -j at a time.
  ScanMemory Memory;
  Effective.Cache.Memory = &Memory;
  RevisionDiff Out;
  Out.Base = scanRevision(Repo, Request.BaseRev, Effective, Err);
  // What the base needed in place of missing headers, the head most likely
  // needs too: declared from its first parse on.
  std::set<std::string> Seeds;
  for (const ScannedFile &File : Out.Base.Scan.Files)
    Seeds.insert(File.Synthesized.begin(), File.Synthesized.end());
  Effective.Scan.RecoverySeeds.assign(Seeds.begin(), Seeds.end());
  Out.Head = scanRevision(Repo, Request.HeadRev, Effective, Err);
  DiffOptions Options;
  Options.UnchangedFiles = unchangedFiles(Out.Base.Tree, Out.Head.Tree, Out.Head.Scan);
  Out.Diff = diffSchemas(Out.Base.Scan, Out.Head.Scan, Options);
  for (const std::string &Violation : Out.Diff.InvariantViolations)
    Err << "modelcompat: internal error: dropped a finding that breaks an invariant of the "
           "diff engine: "
        << Violation << " (a bug: please report it with the two commits)\n";
  applyMigrationCoverage(Out.Diff,
                         committedMigrations(Repo, Out.Head.Revision, Request.MigrationsDir));
  return Out;
}

} // namespace modelcompat
