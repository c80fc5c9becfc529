//===- DiffCommand.cpp - modelcompat diff ----------------------------------===//
//
// openRepository -> resolve BASE and HEAD -> readTree (git objects only) ->
// scanWithCache (scanTree on what misses) -> diffSchemas -> migrations at
// HEAD cover findings -> suppressions -> render -> exit bits.
//
//===----------------------------------------------------------------------===//
#include "Subcommand.h"

#include "modelcompat/diff/DiffSchemas.h"
#include "modelcompat/diff/DiffSummary.h"
#include "modelcompat/diff/MigrationCoverage.h"
#include "modelcompat/diff/ScanCache.h"
#include "modelcompat/diff/Suppressions.h"
#include "modelcompat/extract/Scanner.h"
#include "modelcompat/git/GitRepository.h"
#include "modelcompat/migrate/MigrationSpec.h"
#include "modelcompat/migrate/SpecCoverage.h"
#include "modelcompat/report/Report.h"
#include "modelcompat/support/ArgParser.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ExitCode.h"

#include <filesystem>

namespace modelcompat {
namespace {

const char *const DefaultMigrationsDir = "modelcompat/migrations";

const ArgParser &diffArgParser() {
  static const ArgParser Parser(
      "modelcompat diff",
      {
          {"--repo", "", FlagArity::Value, "DIR",
           "repository to read BASE and HEAD from (default: the current directory; bare "
           "repositories work)"},
          {"--compile-commands", "-p", FlagArity::Value, "BUILD_DIR",
           "directory holding the head build's compile_commands.json (paths are mapped "
           "onto each commit's tree)"},
          {"--extra-arg", "", FlagArity::RepeatedValue, "ARG",
           "extra compiler argument (repeatable)"},
          {"--format", "", FlagArity::Value, "FORMAT",
           "text (default), json, sarif or github", reportFormatNames()},
          {"--output", "-o", FlagArity::Value, "FILE",
           "write the report to FILE (atomically) instead of stdout"},
          {"--fail-on", "", FlagArity::Value, "WHEN",
           "which findings set exit bit 8: breaking (default), any, never",
           {"breaking", "any", "never"}},
          {"--suppressions", "", FlagArity::Value, "FILE",
           "JSON file of accepted findings (module, key, kind, reason)"},
          {"--migrations", "", FlagArity::Value, "DIR",
           "directory of migration specs in the HEAD tree (default: "
           "modelcompat/migrations)"},
          {"--cache-dir", "", FlagArity::Value, "DIR",
           "per-file scan cache (default: $XDG_CACHE_HOME/modelcompat or "
           "~/.cache/modelcompat)"},
          {"--no-cache", "", FlagArity::Switch, "", "neither read nor write the cache"},
      });
  return Parser;
}

const char *const Usage =
    "usage: modelcompat diff BASE HEAD [--repo DIR] [-p BUILD_DIR] [--extra-arg ARG]...\n"
    "                        [--format text|json|sarif|github] [-o FILE]\n"
    "                        [--fail-on breaking|any|never] [--suppressions FILE]\n"
    "                        [--migrations DIR] [--cache-dir DIR] [-- PATH...]\n\n"
    "Compares the state-dict schema of every libtorch module class between two git\n"
    "revisions, read straight from git objects (no checkout; nothing is written to\n"
    "the repository). BASE and HEAD are any rev-spec: a sha, branch, tag, HEAD~1,\n"
    "origin/main. PATHs after -- limit the scan to those files or directories.\n\n"
    "options:\n";

const char *const Epilogue =
    "\nexit codes (bits, as abidiff):\n"
    "  0   no state-dict change\n"
    "  1   error (bad input, unknown revision, I/O)\n"
    "  2   usage error (unknown flag, missing argument, invalid suppressions file)\n"
    "  4   changes found, all informational, covered by a migration or suppressed\n"
    "      from the gate\n"
    "  12  (4|8) at least one breaking change that no migration covers\n"
    "  --fail-on any sets bit 8 for any uncovered finding; --fail-on never exits 0.\n\n"
    "examples:\n"
    "  modelcompat diff origin/main HEAD\n"
    "  modelcompat diff v1.2 HEAD --format sarif -o modelcompat.sarif -- models/\n"
    "  modelcompat diff HEAD~1 HEAD --format github --suppressions .modelcompat.json\n"
    "  modelcompat diff main feature --repo /srv/git/model.git --fail-on any\n\n"
    "Findings: added, removed, renamed (a scored proposal), reshaped, retyped,\n"
    "condition-changed, class-renamed, unresolved; see docs/cli.md and\n"
    "docs/findings/.\n";

bool hasCppExtension(const std::string &Path) {
  for (const std::string &Extension : cppFileExtensions())
    if (Path.size() >= Extension.size() &&
        Path.compare(Path.size() - Extension.size(), Extension.size(), Extension) == 0)
      return true;
  return false;
}

/// The files to scan: C++ files under PATHs. The whole tree stays readable
/// for includes.
std::vector<std::string> scanTargets(const SourceTree &Tree,
                                     const std::vector<std::string> &Paths) {
  std::vector<std::string> Targets;
  for (const SourceFile &File : Tree.Files)
    if (hasCppExtension(File.Path) && isUnderAnyPath(File.Path, Paths))
      Targets.push_back(File.Path);
  return Targets;
}

/// Everything the command was asked to do, validated before any work.
struct DiffRequest {
  std::string BaseRev, HeadRev;
  std::string Repo;
  std::vector<std::string> Paths;
  ScanOptions Scan;
  ScanCacheOptions Cache;
  ReportFormat Format = ReportFormat::Text;
  std::optional<std::string> Output;
  FailOn Policy = FailOn::Breaking;
  std::optional<SuppressionFile> Suppressions;
  std::string MigrationsDir;
};

DiffRequest parseRequest(const ParsedArgs &Args) {
  if (Args.positionals().size() != 2)
    throw usageError("modelcompat diff: expected two revisions, BASE and HEAD (see --help)");
  DiffRequest Request;
  Request.BaseRev = Args.positionals()[0];
  Request.HeadRev = Args.positionals()[1];
  Request.Repo = Args.valueOr("--repo", ".");
  Request.Paths = Args.afterDashDash();
  Request.Scan.ExtraArgs = Args.values("--extra-arg");
  Request.Scan.CompileCommandsDir = Args.valueOr("--compile-commands", "");
  if (!Args.has("--no-cache"))
    Request.Cache.Directory = Args.valueOr("--cache-dir", defaultCacheDirectory());
  Request.Cache.ToolVersion = MODELCOMPAT_VERSION;
  if (!Request.Cache.Directory.empty())
    Request.Scan.CacheDir = (std::filesystem::path(Request.Cache.Directory) / "preamble").string();
  Request.Format = *parseReportFormat(Args.valueOr("--format", "text"));
  Request.Output = Args.value("--output");
  Request.Policy = *parseFailOn(Args.valueOr("--fail-on", "breaking"));
  if (std::optional<std::string> Path = Args.value("--suppressions"))
    Request.Suppressions = readSuppressions(*Path);
  Request.MigrationsDir = Args.valueOr("--migrations", DefaultMigrationsDir);
  return Request;
}

/// One side of the comparison, read and scanned.
struct ScannedCommit {
  ResolvedCommit Commit;
  SourceTree Tree;
  ScanResult Scan;
};

ScannedCommit scanCommit(const GitRepository &Repo, const std::string &Rev,
                         const DiffRequest &Request, CommandContext &Context) {
  ScannedCommit Side;
  Side.Commit = Repo.resolve(Rev);
  Side.Tree = Repo.readTree(Side.Commit, TreeFilter{{}, includableFileExtensions()});
  ScanCacheStats Stats;
  Side.Scan = scanWithCache(Side.Tree, scanTargets(Side.Tree, Request.Paths), Request.Scan,
                            Request.Cache, scanTree, Stats);
  for (const std::string &Warning : Stats.Warnings)
    Context.Err << "modelcompat: warning: " << Warning << "\n";
  for (const Diagnostic &Diag : Side.Scan.Diagnostics)
    if (Diag.Severity == "error" || Diag.Severity == "fatal")
      Context.Err << Diag.File << ":" << Diag.Line << ":" << Diag.Column << ": "
                  << Diag.Severity << ": " << Diag.Message << " (at " << Rev << ")\n";
  return Side;
}

/// The migration specs committed at HEAD under Dir, reduced to coverage.
std::vector<MigrationCoverage> readMigrations(const GitRepository &Repo,
                                              const ResolvedCommit &Head,
                                              const std::string &Dir) {
  std::vector<MigrationCoverage> Specs;
  SourceTree Files = Repo.readTree(Head, TreeFilter{{Dir}, {".json"}});
  for (const SourceFile &File : Files.Files) {
    nlohmann::json Document = nlohmann::json::parse(File.Content, nullptr, false);
    if (Document.is_discarded())
      throw Error("invalid migration spec '" + File.Path + "' at " + Head.Rev +
                  ": not valid JSON");
    Specs.push_back(coverageOfSpec(migrationSpecFromJson(Document, File.Path), File.Path));
  }
  return Specs;
}

} // namespace

int runDiffCommand(const std::vector<std::string> &Args, CommandContext &Context) {
  ParsedArgs Parsed = diffArgParser().parse(Args);
  if (Parsed.helpRequested()) {
    Context.Out << Usage << diffArgParser().flagHelp() << Epilogue;
    return ExitOk;
  }
  DiffRequest Request = parseRequest(Parsed);

  GitRepository Repo = GitRepository::open(Request.Repo);
  if (Request.Scan.CompileCommandsDir.size() && !Repo.isBare())
    Request.Scan.RealRoot = Repo.path();
  ScannedCommit Base = scanCommit(Repo, Request.BaseRev, Request, Context);
  ScannedCommit Head = scanCommit(Repo, Request.HeadRev, Request, Context);

  DiffOptions Options;
  Options.UnchangedFiles = unchangedFiles(Base.Tree, Head.Tree, Head.Scan);
  SchemaDiff Diff = diffSchemas(Base.Scan, Head.Scan, Options);
  applyMigrationCoverage(Diff, readMigrations(Repo, Head.Commit, Request.MigrationsDir));
  if (Request.Suppressions)
    for (size_t Index : applySuppressions(Diff, *Request.Suppressions))
      Context.Err << "modelcompat: warning: "
                  << unmatchedSuppressionWarning(*Request.Suppressions, Index) << "\n";

  ReportContext Report{{Base.Commit.Rev, Base.Commit.Sha},
                       {Head.Commit.Rev, Head.Commit.Sha},
                       MODELCOMPAT_VERSION};
  std::string Text = renderReport(Diff, Report, Request.Format);
  if (Request.Output)
    writeFileAtomically(*Request.Output, Text);
  else
    Context.Out << Text;
  return diffExitCode(Diff, Request.Policy);
}

} // namespace modelcompat
