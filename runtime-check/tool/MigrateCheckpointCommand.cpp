//===- MigrateCheckpointCommand.cpp - modelcompat migrate-checkpoint -----===//
//
// parseArgs → refuse unsafe outputs → readSpecs/readSchema → loadCheckpoint
// → applyMigrations → saveCheckpoint. The input is only ever read; the output
// is written through a temporary file and a rename, never over the input and
// never over an existing file without --force.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/cli/ExitCode.h"
#include "modelcompat/runtime/Checkpoint.h"
#include "modelcompat/runtime/MigrationEngine.h"
#include "modelcompat/schema/SchemaJson.h"
#include "modelcompat/support/ArgParser.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/ReadFile.h"

#include <sys/stat.h>

namespace modelcompat {

namespace {

const char *const CommandName = "modelcompat migrate-checkpoint";

ArgParser migrateCheckpointParser() {
  return ArgParser(CommandName,
                   {{"--spec", "", FlagArity::RepeatedValue, "SPEC",
                     "a migration spec (JSON) to apply; repeatable, chains apply in commit order"},
                    {"--model-schema", "", FlagArity::Value, "SCAN.json",
                     "scan of the new model code: apply each spec at every instance of its class"},
                    {"--root-class", "", FlagArity::Value, "CLASS",
                     "the model's class in --model-schema (default: the one class that "
                     "contains the spec's)"},
                    {"--key", "", FlagArity::Value, "K",
                     "the nested state dict to migrate ({\"model\": sd, ...} -> model)"},
                    {"--output", "-o", FlagArity::Value, "OUT", "the migrated checkpoint to write"},
                    {"--format",
                     "",
                     FlagArity::Value,
                     "FORMAT",
                     "format of OUT (default safetensors)",
                     {"safetensors", "libtorch"}},
                    {"--force", "", FlagArity::Switch, "", "replace OUT if it exists"}});
}

/// What the command line asks for.
struct MigrateCheckpointRequest {
  std::string Input;
  std::string Output;
  std::vector<std::string> Specs;
  std::string ModelSchema;
  std::string RootClass;
  std::string Key;
  CheckpointFormat Format = CheckpointFormat::Safetensors;
  bool Force = false;
};

MigrateCheckpointRequest parseRequest(const ParsedArgs &Args) {
  auto Usage = [](const std::string &What) {
    return usageError(std::string(CommandName) + ": " + What);
  };
  if (Args.positionals().size() != 1)
    throw Usage("expected one input checkpoint, got " + std::to_string(Args.positionals().size()) +
                " (see --help)");
  MigrateCheckpointRequest Request;
  Request.Input = Args.positionals().front();
  Request.Output = Args.valueOr("--output", "");
  if (Request.Output.empty())
    throw Usage("missing -o OUT (see --help)");
  Request.Specs = Args.values("--spec");
  if (Request.Specs.empty())
    throw Usage("missing --spec SPEC (see --help)");
  Request.ModelSchema = Args.valueOr("--model-schema", "");
  Request.RootClass = Args.valueOr("--root-class", "");
  if (!Request.RootClass.empty() && Request.ModelSchema.empty())
    throw Usage("--root-class needs --model-schema");
  Request.Key = Args.valueOr("--key", "");
  if (Args.valueOr("--format", "safetensors") == "libtorch")
    Request.Format = CheckpointFormat::Libtorch;
  Request.Force = Args.has("--force");
  return Request;
}

/// Refuses to write over the input (by any path: same device and inode) or
/// over an existing output without --force, before reading anything.
void refuseUnsafeOutput(const MigrateCheckpointRequest &Request) {
  struct stat In {
  }, Out{};
  if (::stat(Request.Output.c_str(), &Out) != 0)
    return; // nothing there yet
  if (::stat(Request.Input.c_str(), &In) == 0 && In.st_dev == Out.st_dev && In.st_ino == Out.st_ino)
    throw Error("refusing to write over the input checkpoint '" + Request.Input + "' (-o '" +
                Request.Output + "' is the same file)");
  if (!Request.Force)
    throw Error("refusing to overwrite existing file '" + Request.Output +
                "' (use --force to replace it)");
}

ScanResult readSchema(const std::string &Path) {
  nlohmann::json Document =
      nlohmann::json::parse(readFile(Path), nullptr, /*allow_exceptions=*/false);
  if (Document.is_discarded())
    throw Error("invalid model schema '" + Path + "': not valid JSON");
  return scanResultFromJson(Document, Path);
}

std::string plural(size_t Count, const char *Noun) {
  return std::to_string(Count) + " " + Noun + (Count == 1 ? "" : "s");
}

} // namespace

int runMigrateCheckpointCommand(const std::vector<std::string> &Args, CommandContext &Context) {
  ArgParser Parser = migrateCheckpointParser();
  ParsedArgs Parsed = Parser.parse(Args);
  if (Parsed.helpRequested()) {
    Context.Out << "usage: modelcompat migrate-checkpoint IN --spec SPEC... -o OUT "
                   "[options]\n\n"
                   "Applies migration specs to a checkpoint and writes the result "
                   "to a new file.\n\n"
                << Parser.flagHelp()
                << "\nexamples:\n"
                   "  modelcompat migrate-checkpoint old.pt --spec "
                   "modelcompat/migrations/fx_AttnBlockImpl-1a2b3c4d5e6f-7a8b9c0d1e2f.json "
                   "-o new.safetensors\n"
                   "  modelcompat migrate-checkpoint run1.pt --spec a.json --spec b.json "
                   "--format libtorch -o run1-v2.pt --force\n";
    return ExitOk;
  }
  const MigrateCheckpointRequest Request = parseRequest(Parsed);
  refuseUnsafeOutput(Request);

  std::vector<EngineMigration> Migrations;
  for (const std::string &Path : Request.Specs)
    Migrations.push_back(engineMigration(readMigrationSpec(Path), Path));
  std::optional<ScanResult> Schema;
  if (!Request.ModelSchema.empty())
    Schema = readSchema(Request.ModelSchema);

  CheckpointLoadOptions LoadOptions;
  LoadOptions.Key = Request.Key;
  StateDict Dict = loadCheckpoint(Request.Input, LoadOptions);

  MigrationTarget Target;
  Target.Source = Request.Input;
  Target.ModelSchema = Schema ? &*Schema : nullptr;
  Target.RootClass = Request.RootClass;
  MigrationOutcome Outcome = applyMigrations(Dict, std::move(Migrations), Target);
  for (const std::string &Notice : Outcome.notices(Request.Input))
    Context.Err << Notice << "\n";

  if (Request.Format == CheckpointFormat::Libtorch && !Dict.Metadata.empty())
    Context.Err << Request.Output
                << ": note: libtorch archives carry no metadata; the record of "
                   "applied migrations is not written (migrations are idempotent, "
                   "or use --format safetensors to keep it)\n";
  saveCheckpoint(Dict, Request.Output, Request.Format,
                 Request.Force ? OverwritePolicy::Replace : OverwritePolicy::Refuse);
  Context.Out << "wrote '" << Request.Output << "' (" << formatName(Request.Format) << ", "
              << plural(Dict.size(), "tensor") << "): applied "
              << plural(Outcome.Applied.size(), "migration") << ", skipped "
              << Outcome.Skipped.size() << " already applied";
  if (!Outcome.Record.Deferred.empty())
    Context.Out << ", deferred " << plural(Outcome.Record.Deferred.size(), "step")
                << " to load time";
  Context.Out << "\n";
  return ExitOk;
}

} // namespace modelcompat
