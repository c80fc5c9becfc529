//===- DiffCommand.cpp - modelcompat diff ----------------------------------===//
//
// diffRevisions (revisions/RevisionDiff.h: GitRepository::open -> resolve BASE and
// HEAD -> readTree, git objects only -> scanWithCache, scanTree on what
// misses -> diffSchemas; migrations at HEAD cover findings) -> suppressions
// -> renderReport -> diffExitCode.
//
//===----------------------------------------------------------------------===//
#include "RevisionFlags.h"
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/cli/ExitCode.h"
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

#include <filesystem>

namespace modelcompat {
namespace {

const ArgParser &diffArgParser() {
  static const ArgParser Parser(
      "modelcompat diff",
      withRevisionScanFlags({
          {"--repo", "", FlagArity::Value, "DIR",
           "repository to read BASE and HEAD from (default: the current directory; bare "
           "repositories work)"},
          {"--format", "", FlagArity::Value, "FORMAT", "text (default), json, sarif or github",
           reportFormatNames()},
          {"--output", "-o", FlagArity::Value, "FILE",
           "write the report to FILE (atomically) instead of stdout"},
          {"--fail-on",
           "",
           FlagArity::Value,
           "WHEN",
           "which findings set exit bit 8: breaking (default), any, never",
           {"breaking", "any", "never"}},
          {"--suppressions", "", FlagArity::Value, "FILE",
           "JSON file of accepted findings (module, key, kind, reason)"},
          {"--migrations", "", FlagArity::Value, "DIR",
           "directory of migration specs in the HEAD tree (default: "
           "modelcompat/migrations)"},
      }));
  return Parser;
}

const char *const Usage =
    "usage: modelcompat diff BASE HEAD [--repo DIR] [-p BUILD_DIR] [--extra-arg ARG]...\n"
    "                        [--format text|json|sarif|github] [-o FILE]\n"
    "                        [--fail-on breaking|any|never] [--suppressions FILE]\n"
    "                        [--migrations DIR] [--cache-dir DIR] [-j N] [-- PATH...]\n\n"
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
    "condition-changed, class-renamed, unresolved, loop-bound-changed,\n"
    "shape-expression-changed; see docs/cli.md and docs/findings/.\n";

/// Everything the command was asked to do, validated before any work.
struct DiffRequest {
  RevisionDiffRequest Revisions;
  ReportFormat Format = ReportFormat::Text;
  std::optional<std::string> Output;
  FailOn Policy = FailOn::Breaking;
  std::optional<SuppressionFile> Suppressions;
};

DiffRequest parseRequest(const ParsedArgs &Args) {
  if (Args.positionals().size() != 2)
    throw usageError("modelcompat diff: expected two revisions, BASE and HEAD (see --help)");
  DiffRequest Request;
  Request.Revisions = revisionDiffRequest(Args, "modelcompat diff");
  Request.Revisions.MigrationsDir = Args.valueOr("--migrations", DefaultMigrationsDir);
  Request.Format = *parseReportFormat(Args.valueOr("--format", "text"));
  Request.Output = Args.value("--output");
  Request.Policy = *parseFailOn(Args.valueOr("--fail-on", "breaking"));
  if (std::optional<std::string> Path = Args.value("--suppressions"))
    Request.Suppressions = readSuppressions(*Path);
  return Request;
}

} // namespace

int runDiffCommand(const std::vector<std::string> &Args, CommandContext &Context) {
  ParsedArgs Parsed = diffArgParser().parse(Args);
  if (Parsed.helpRequested()) {
    Context.Out << Usage << diffArgParser().flagHelp() << Epilogue;
    return ExitOk;
  }
  DiffRequest Request = parseRequest(Parsed);

  RevisionDiff Revisions = diffRevisions(Request.Revisions, Context.Err);
  SchemaDiff &Diff = Revisions.Diff;
  if (Request.Suppressions)
    for (size_t Index : applySuppressions(Diff, *Request.Suppressions))
      Context.Err << "modelcompat: warning: "
                  << unmatchedSuppressionWarning(*Request.Suppressions, Index) << "\n";

  ReportContext Report{Revisions.Base.Revision, Revisions.Head.Revision, MODELCOMPAT_VERSION};
  std::string Text = renderReport(Diff, Report, Request.Format);
  if (Request.Output)
    writeFileAtomically(*Request.Output, Text);
  else
    Context.Out << Text;
  return diffExitCode(Diff, Request.Policy);
}

} // namespace modelcompat
