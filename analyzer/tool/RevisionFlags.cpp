//===- RevisionFlags.cpp - The flags of the revision commands -------------===//
#include "RevisionFlags.h"

#include "modelcompat/extract/ParserIdentity.h"
#include "modelcompat/support/BuildIdentity.h"
#include "modelcompat/support/Parallel.h"

#include <filesystem>

namespace modelcompat {

RevisionDiffRequest revisionDiffRequest(const ParsedArgs &Args, const std::string &Command) {
  RevisionDiffRequest Request = revisionScanRequest(Args, Command);
  Request.BaseRev = Args.positionals().at(0);
  Request.HeadRev = Args.positionals().at(1);
  return Request;
}

std::vector<FlagSpec> withRevisionScanFlags(std::vector<FlagSpec> Own) {
  std::vector<FlagSpec> Shared = {
      {"--compile-commands", "-p", FlagArity::Value, "BUILD_DIR",
       "directory holding a build's compile_commands.json (its paths are mapped onto each "
       "scanned commit's tree)"},
      {"--extra-arg", "", FlagArity::RepeatedValue, "ARG", "extra compiler argument (repeatable)"},
      {"--cache-dir", "", FlagArity::Value, "DIR",
       "per-file scan cache, shared by diff, migrate and init (default: "
       "$XDG_CACHE_HOME/modelcompat or ~/.cache/modelcompat)"},
      {"--no-cache", "", FlagArity::Switch, "", "neither read nor write the cache"},
      {"--jobs", "-j", FlagArity::Value, "N",
       "parse up to N translation units at once (default: the number of cores)"},
      {"--verbose", "-v", FlagArity::Switch, "",
       "print every compiler diagnostic (default: one line per file with problems)"},
  };
  Own.insert(Own.end(), Shared.begin(), Shared.end());
  return Own;
}

RevisionDiffRequest revisionScanRequest(const ParsedArgs &Args, const std::string &Command) {
  RevisionDiffRequest Request;
  Request.Repo = Args.valueOr("--repo", ".");
  Request.Paths = Args.afterDashDash();
  Request.Scan.ExtraArgs = Args.values("--extra-arg");
  Request.Scan.CompileCommandsDir = Args.valueOr("--compile-commands", "");
  Request.Scan.Jobs = parseJobs(Command, Args.value("--jobs"));
  if (Args.has("--verbose"))
    Request.Problems = ScanProblemDetail::Every;
  if (!Args.has("--no-cache"))
    Request.Cache.Directory = Args.valueOr("--cache-dir", defaultCacheDirectory());
  // A libtorch or Clang upgrade under the same modelcompat changes what a
  // scan sees, and so does any change to the analyzer's code (the build ID
  // of this binary, not only the version number): part of every key.
  Request.Cache.ToolVersion =
      std::string(MODELCOMPAT_VERSION) + " " + parserIdentity() + " " + buildIdentity();
  if (!Request.Cache.Directory.empty())
    Request.Scan.CacheDir = (std::filesystem::path(Request.Cache.Directory) / "preamble").string();
  return Request;
}

} // namespace modelcompat
