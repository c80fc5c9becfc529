//===- MigrateCommand.cpp - modelcompat migrate -----------------------------===//
//
// diffRevisions (revisions/RevisionDiff.h: read both trees from git, scan, diff) ->
// planMigrations -> renderMigrationFiles -> writeMigrationFiles ->
// renderMigrateText/Json (migrate/MigrateReport.h) -> exit code. With --diff
// FILE, readDiffDocument reads a saved `diff --format json` report instead
// of diffRevisions.
//
//===----------------------------------------------------------------------===//
#include "RevisionFlags.h"
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/cli/ExitCode.h"
#include "modelcompat/diff/DiffSchemas.h"
#include "modelcompat/diff/MigrationCoverage.h"
#include "modelcompat/diff/ScanCache.h"
#include "modelcompat/extract/Scanner.h"
#include "modelcompat/git/GitRepository.h"
#include "modelcompat/migrate/DiffDocument.h"
#include "modelcompat/migrate/MigrateReport.h"
#include "modelcompat/migrate/MigrationFiles.h"
#include "modelcompat/migrate/MigrationPlanner.h"
#include "modelcompat/migrate/SpecCoverage.h"
#include "modelcompat/support/ArgParser.h"
#include "modelcompat/support/Error.h"

#include <algorithm>
#include <cstdlib>

namespace modelcompat {

namespace {

const ArgParser &migrateArgParser() {
  static const ArgParser Parser(
      "modelcompat migrate",
      withRevisionScanFlags({
          {"--repo", "", FlagArity::Value, "DIR",
           "repository to read BASE and HEAD from (default: the current directory)"},
          {"--output", "-o", FlagArity::Value, "DIR",
           "where to write the migrations (default: modelcompat/migrations/)"},
          {"--force", "", FlagArity::Switch, "", "replace migration files that exist"},
          {"--dry-run", "", FlagArity::Switch, "", "print what would be written, write nothing"},
          {"--format",
           "",
           FlagArity::Value,
           "FORMAT",
           "what to print: text (default) or json",
           {"text", "json"}},
          {"--diff", "", FlagArity::Value, "FILE",
           "plan from a saved `modelcompat diff --format json` report instead of "
           "reading BASE and HEAD"},
          {"--migrations", "", FlagArity::Value, "DIR",
           "migrations committed at HEAD, relative to the repository, whose findings "
           "need nothing new (default: the -o directory)"},
          {"--min-confidence", "", FlagArity::Value, "X",
           "rename proposals below X (default 0.5) become todo rules"},
      }));
  return Parser;
}

const char *const Usage =
    "usage: modelcompat migrate BASE HEAD [--repo DIR] [-o DIR] [--force] "
    "[--format text|json] [-- PATH...]\n"
    "       modelcompat migrate --diff FILE [-o DIR] [--force]\n\n"
    "Writes a migration spec (JSON) and a C++ migration per module class whose\n"
    "state-dict layout changed between BASE and HEAD (docs/migration-spec.md).\n"
    "Exit codes: 0 nothing to migrate, 4 complete migrations written, 12 some\n"
    "migration holds a todo a human must resolve; 1 error, 2 usage error.\n\n";

/// Reads both revisions from git objects, scans them (through diff's
/// per-file cache) and diffs the schemas, as `diff` does.
DiffDocument diffRevisions(const ParsedArgs &Args, CommandContext &Context) {
  RevisionDiffRequest Request = revisionDiffRequest(Args, "modelcompat migrate");
  Request.MigrationsDir =
      Args.valueOr("--migrations", Args.valueOr("--output", DefaultMigrationsDir));
  RevisionDiff Revisions = modelcompat::diffRevisions(Request, Context.Err);
  DiffDocument Out;
  Out.Base = Revisions.Base.Revision;
  Out.Head = Revisions.Head.Revision;
  Out.Diff = std::move(Revisions.Diff);
  return Out;
}

MigrationPlanOptions planOptions(const ParsedArgs &Args) {
  MigrationPlanOptions Options;
  if (std::optional<std::string> Text = Args.value("--min-confidence")) {
    char *End = nullptr;
    double Value = std::strtod(Text->c_str(), &End);
    if (Text->empty() || *End != '\0' || !(Value >= 0 && Value <= 1))
      throw usageError("modelcompat migrate: invalid value '" + *Text +
                       "' for '--min-confidence' (expected a number from 0 to 1)");
    Options.MinRenameConfidence = Value;
  }
  return Options;
}

} // namespace

int runMigrateCommand(const std::vector<std::string> &RawArgs, CommandContext &Context) {
  const ArgParser &Parser = migrateArgParser();
  ParsedArgs Args = Parser.parse(RawArgs);
  if (Args.helpRequested()) {
    Context.Out << Usage << "options:\n"
                << Parser.flagHelp()
                << "\nexamples:\n"
                   "  modelcompat migrate v1 HEAD\n"
                   "  modelcompat migrate origin/main HEAD --dry-run -- models/\n"
                   "  modelcompat diff main HEAD --format json -o diff.json; "
                   "modelcompat migrate --diff diff.json -o migrations/\n";
    return ExitOk;
  }
  bool FromReport = Args.has("--diff");
  if (FromReport && !Args.positionals().empty())
    throw usageError("modelcompat migrate: --diff takes the revisions from the report; "
                     "do not also name BASE and HEAD");
  if (!FromReport && Args.positionals().size() != 2)
    throw usageError("modelcompat migrate: expected BASE and HEAD revisions (see --help)");
  MigrationPlanOptions Options = planOptions(Args);

  DiffDocument Diff =
      FromReport ? readDiffDocument(*Args.value("--diff")) : diffRevisions(Args, Context);
  MigrationPlan Plan = planMigrations(Diff.Diff, Diff.Base.Commit, Diff.Head.Commit, Options);
  std::string Directory = Args.valueOr("--output", DefaultMigrationsDir);
  std::vector<MigrationFile> Files = renderMigrationFiles(Plan);
  bool DryRun = Args.has("--dry-run");
  if (!DryRun)
    writeMigrationFiles(Files, Directory,
                        Args.has("--force") ? OverwritePolicy::Replace : OverwritePolicy::Refuse);

  for (const std::string &Warning : Plan.Warnings)
    Context.Err << "modelcompat: warning: " << Warning << "\n";
  MigrateReportInput Report{Diff, Plan, Files, Directory, DryRun};
  Context.Out << (Args.valueOr("--format", "text") == "json" ? renderMigrateJson(Report)
                                                             : renderMigrateText(Report));

  if (Plan.Migrations.empty())
    return ExitOk;
  bool AnyTodo = std::any_of(Plan.Migrations.begin(), Plan.Migrations.end(),
                             [](const PlannedMigration &M) { return M.hasTodo(); });
  return ExitChanges | (AnyTodo ? ExitUncoveredBreaking : 0);
}

} // namespace modelcompat
