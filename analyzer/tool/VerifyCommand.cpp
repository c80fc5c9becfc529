//===- VerifyCommand.cpp - modelcompat verify ----------------------------===//
//
// Parses the flags and hands over to runVerify (runtime-check/verify), which
// builds the model at both revisions and compares seeded forward passes.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/cli/ExitCode.h"
#include "modelcompat/support/ArgParser.h"
#include "modelcompat/support/Error.h"

#ifdef MODELCOMPAT_HAVE_VERIFY
#include "modelcompat/verify/Verify.h"
#endif

#include <cstdlib>

namespace modelcompat {
namespace {

const ArgParser &verifyParser() {
  static const ArgParser Parser(
      "modelcompat verify",
      {
          {"--checkpoint", "", FlagArity::RepeatedValue, "FILE",
           "a checkpoint of the base code to migrate and compare (repeatable)"},
          {"--checkpoints", "", FlagArity::Value, "DIR",
           "every file in DIR is a checkpoint (legacy checkpoints)"},
          {"--device",
           "",
           FlagArity::Value,
           "DEVICE",
           "auto (CUDA when available), cpu or cuda",
           {"auto", "cpu", "cuda"}},
          {"--cross-device", "", FlagArity::Switch, "",
           "run the base on the CPU and the head on CUDA (looser tolerances)"},
          {"--train-mode", "", FlagArity::Switch, "",
           "compare in training mode (default: eval mode)"},
          {"--no-seed", "", FlagArity::Switch, "",
           "do not seed before each forward (to see why seeding matters)"},
          {"--format", "", FlagArity::Value, "FORMAT", "text or json", {"text", "json"}},
          {"--output", "-o", FlagArity::Value, "FILE",
           "write the report to FILE instead of stdout"},
          {"--html", "", FlagArity::Value, "FILE", "also write a self-contained HTML report"},
          {"--migrations", "", FlagArity::Value, "DIR",
           "migration specs to apply (default: modelcompat/migrations at HEAD)"},
          {"--repo", "", FlagArity::Value, "DIR",
           "the git repository (default: the current directory)"},
          {"--cache-dir", "", FlagArity::Value, "DIR",
           "build cache (default: ~/.cache/modelcompat/verify)"},
          {"--keep-build", "", FlagArity::Switch, "",
           "keep the exported sources and build directories"},
          {"--jobs", "-j", FlagArity::Value, "N",
           "parallel build jobs (default: $MODELCOMPAT_JOBS or all cores)"},
      });
  return Parser;
}

std::string verifyHelp() {
  return "usage: modelcompat verify [options] BASE HEAD\n\n"
         "Builds the model of modelcompat.json at both revisions, loads each\n"
         "checkpoint strictly into BASE and through HEAD's migrations into HEAD,\n"
         "and compares seeded forward passes (outputs and MODELCOMPAT_PROBE\n"
         "points). Without --checkpoint, the base creates one from a seeded\n"
         "initialisation.\n\n"
         "verify builds and runs the code and CMake of both revisions, including\n"
         "HEAD's manifest cmake_args: run it on trusted branches, or in a sandboxed\n"
         "job for pull requests from forks.\n\noptions:\n" +
         verifyParser().flagHelp() +
         "\nexamples:\n"
         "  modelcompat verify HEAD~1 HEAD\n"
         "  modelcompat verify --checkpoints ckpts/ --html report.html main HEAD\n"
         "  modelcompat verify --format json -o verify.json origin/main HEAD\n"
         "\nexit codes: 0 pass, 1 tool error (a revision that does not build),\n"
         "2 usage error, 12 verification failed.\n";
}

} // namespace

int runVerifyCommand(const std::vector<std::string> &Args, CommandContext &Context) {
  ParsedArgs Parsed = verifyParser().parse(Args);
  if (Parsed.helpRequested()) {
    Context.Out << verifyHelp();
    return ExitOk;
  }
  if (Parsed.positionals().size() != 2)
    throw usageError("modelcompat verify: expected two revisions, BASE and HEAD "
                     "(see --help)");
#ifdef MODELCOMPAT_HAVE_VERIFY
  VerifyOptions Options;
  Options.Base = Parsed.positionals()[0];
  Options.Head = Parsed.positionals()[1];
  Options.Repo = Parsed.valueOr("--repo", ".");
  Options.Checkpoints = Parsed.values("--checkpoint");
  Options.CheckpointDir = Parsed.valueOr("--checkpoints", "");
  Options.Device = Parsed.valueOr("--device", "auto");
  Options.CrossDevice = Parsed.has("--cross-device");
  Options.TrainMode = Parsed.has("--train-mode");
  Options.Seeding = !Parsed.has("--no-seed");
  Options.Format = Parsed.valueOr("--format", "text");
  Options.OutputPath = Parsed.valueOr("--output", "");
  Options.HtmlPath = Parsed.valueOr("--html", "");
  Options.MigrationsDir = Parsed.valueOr("--migrations", "");
  Options.CacheDir = Parsed.valueOr("--cache-dir", "");
  Options.KeepBuild = Parsed.has("--keep-build");
  if (std::optional<std::string> Jobs = Parsed.value("--jobs")) {
    int Value = std::atoi(Jobs->c_str());
    if (Value <= 0)
      throw usageError("modelcompat verify: invalid value '" + *Jobs +
                       "' for '--jobs' (expected a positive integer)");
    Options.Jobs = static_cast<unsigned>(Value);
  }
  if (Options.CrossDevice && Options.Device == "cpu")
    throw usageError("modelcompat verify: --cross-device runs the head on CUDA; "
                     "it cannot be combined with --device cpu");
  bool Passed = runVerify(Options, Context.Out, Context.Err);
  return Passed ? ExitOk : (ExitChanges | ExitUncoveredBreaking);
#else
  throw Error("this modelcompat was built without the runtime checker "
              "(MODELCOMPAT_BUILD_RUNTIME=OFF)");
#endif
}

} // namespace modelcompat
