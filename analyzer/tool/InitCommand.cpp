//===- InitCommand.cpp - modelcompat init ---------------------------------===//
//
// parse flags → refuse an existing output early → read REV from git objects
// and scan it (diff's helpers, through the per-file cache) → draftManifest
// over the scan and the tree's CMake files → write atomically → say which
// fields still hold TODO markers.
//
//===----------------------------------------------------------------------===//
#include "RevisionFlags.h"
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/cli/ExitCode.h"
#include "modelcompat/init/ManifestDraft.h"
#include "modelcompat/support/ArgParser.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"

#include <filesystem>

namespace modelcompat {
namespace {

const ArgParser &initArgParser() {
  static const ArgParser Parser(
      "modelcompat init",
      withRevisionScanFlags({
          {"--rev", "", FlagArity::Value, "REV", "the revision to scan (default: HEAD)"},
          {"--out", "-o", FlagArity::Value, "FILE",
           "where to write the manifest (default: modelcompat.json in the repository)"},
          {"--force", "", FlagArity::Switch, "", "replace an existing manifest"},
          {"--repo", "", FlagArity::Value, "DIR",
           "the git repository (default: the current directory)"},
      }));
  return Parser;
}

const char *const Usage =
    "usage: modelcompat init [--rev REV] [-o FILE] [--force] [--repo DIR] [-p BUILD_DIR]\n"
    "                        [--extra-arg ARG]... [-- PATH...]\n\n"
    "Writes a starting modelcompat.json (the manifest `verify` reads) from a scan of\n"
    "REV, read from git objects: one model per root module class (one no other class\n"
    "registers), with its holder, header, the CMake target that compiles it and a\n"
    "construct expression. Values only you know (a constructor argument without a\n"
    "default, the inputs' shapes) are TODO markers; verify refuses the manifest until\n"
    "they are filled in. PATHs after -- limit the scan.\n\n"
    "options:\n";

const char *const Epilogue =
    "\nexit codes: 0 written (TODO markers listed on stdout), 1 error (the output\n"
    "exists without --force, no module class found, unknown revision, I/O), 2 usage\n"
    "error.\n\n"
    "examples:\n"
    "  modelcompat init\n"
    "  modelcompat init --rev v1.2 -o /tmp/modelcompat.json -- models/\n";

/// What init reads besides the scan: the CMake files and the C++ sources.
TreeText treeText(const SourceTree &Tree) {
  TreeText Out;
  for (const SourceFile &File : Tree.Files)
    Out.emplace(File.Path, File.Content);
  return Out;
}

std::string joined(const std::vector<std::string> &Items) {
  std::string Out;
  for (const std::string &Item : Items)
    Out += (Out.empty() ? "" : ", ") + Item;
  return Out;
}

} // namespace

int runInitCommand(const std::vector<std::string> &Args, CommandContext &Context) {
  ParsedArgs Parsed = initArgParser().parse(Args);
  if (Parsed.helpRequested()) {
    Context.Out << Usage << initArgParser().flagHelp() << Epilogue;
    return ExitOk;
  }
  if (!Parsed.positionals().empty())
    throw usageError("modelcompat init: unexpected argument '" + Parsed.positionals()[0] +
                     "' (see --help)");
  RevisionDiffRequest Request = revisionScanRequest(Parsed, "modelcompat init");
  std::string Rev = Parsed.valueOr("--rev", "HEAD");
  std::string Output =
      Parsed.valueOr("--out", (std::filesystem::path(Request.Repo) / "modelcompat.json").string());
  OverwritePolicy Policy =
      Parsed.has("--force") ? OverwritePolicy::Replace : OverwritePolicy::Refuse;
  // Checked before the scan too, which may take minutes; the write itself
  // refuses race-free.
  if (Policy == OverwritePolicy::Refuse && std::filesystem::exists(Output))
    throw Error("refusing to overwrite existing file '" + Output + "' (use --force to replace it)");

  GitRepository Repo = GitRepository::open(Request.Repo);
  ScannedRevision Scanned = scanRevision(Repo, Rev, effectiveRequest(Repo, Request), Context.Err);
  ManifestDraft Draft = draftManifest(Scanned.Scan, treeText(Scanned.Tree));
  if (Draft.Models.empty())
    throw Error("no module class found at " + Rev + "; nothing to put in a manifest");

  writeFileAtomically(Output, Draft.Document.dump(2) + "\n", Policy);
  Context.Out << "wrote " << Output << ": " << Draft.Models.size()
              << (Draft.Models.size() == 1 ? " model: " : " models: ") << joined(Draft.Models)
              << "\n";
  if (!Draft.Todos.empty())
    Context.Out << "fill in the TODO markers before running verify: " << joined(Draft.Todos)
                << "\n";
  return ExitOk;
}

} // namespace modelcompat
