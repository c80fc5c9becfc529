//===- ScanCommand.cpp - modelcompat scan ----------------------------------===//
//
// parse flags → resolve PATHs to a root and targets → read the tree → scan →
// print diagnostics on stderr → write JSON or text.
//
//===----------------------------------------------------------------------===//
#include "modelcompat/cli/Subcommand.h"

#include "modelcompat/cli/ExitCode.h"
#include "modelcompat/extract/Scanner.h"
#include "modelcompat/report/ScanProblems.h"
#include "modelcompat/schema/SchemaJson.h"
#include "modelcompat/schema/SchemaText.h"
#include "modelcompat/source/CppFiles.h"
#include "modelcompat/support/ArgParser.h"
#include "modelcompat/support/AtomicFile.h"
#include "modelcompat/support/Error.h"
#include "modelcompat/support/Parallel.h"

#include <cstdlib>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace modelcompat {

namespace {

const ArgParser &scanParser() {
  static const ArgParser Parser(
      "scan",
      {{"--build-path", "-p", FlagArity::Value, "BUILD_DIR",
        "read compile flags from BUILD_DIR/compile_commands.json"},
       {"--extra-arg", "", FlagArity::RepeatedValue, "ARG",
        "append ARG to the compiler arguments (repeatable)"},
       {"--format", "", FlagArity::Value, "FORMAT", "json (default) or text", {"json", "text"}},
       {"--output", "-o", FlagArity::Value, "FILE",
        "write the result to FILE (atomically) instead of stdout"},
       {"--cache-dir", "", FlagArity::Value, "DIR",
        "cache a precompiled libtorch in DIR (default: $MODELCOMPAT_CACHE_DIR)"},
       {"--jobs", "-j", FlagArity::Value, "N",
        "parse up to N translation units at once (default: the number of cores)"},
       {"--verbose", "-v", FlagArity::Switch, "",
        "print every compiler diagnostic (default: one line per file with problems)"}});
  return Parser;
}

void printHelp(std::ostream &Out) {
  Out << "usage: modelcompat scan [PATH...] [options]\n\n"
         "Extracts the state-dict schema of every libtorch module class (derived from\n"
         "torch::nn::Module) in the C++ files under each PATH (files or directories,\n"
         "recursing into "
      << cppFileExtensionsText()
      << ";\n"
         "default: the current directory). Paths in the output are relative to the\n"
         "PATHs' common directory. Compile errors do not stop the scan: what parsed\n"
         "is extracted, diagnostics go to stderr and the files with errors are listed\n"
         "in the output.\n\n"
         "options:\n"
      << scanParser().flagHelp()
      << "\nexamples:\n"
         "  modelcompat scan models/\n"
         "  modelcompat scan src/ include/ -p build --format text\n"
         "  modelcompat scan model.h --extra-arg=-DUSE_CUDA=0 -o schema.json\n\n"
         "exit codes: 0 scanned (even with compile errors), 1 error (missing path,\n"
         "I/O), 2 usage error.\n";
}

/// The PATHs as a root directory and targets relative to it.
struct ScanInput {
  fs::path Root;
  std::vector<fs::path> Directories; ///< Relative to Root; "." for all.
  std::vector<std::string> Files;    ///< Relative to Root.
};

fs::path commonDirectory(const fs::path &A, const fs::path &B) {
  fs::path Out;
  auto ItA = A.begin(), ItB = B.begin();
  for (; ItA != A.end() && ItB != B.end() && *ItA == *ItB; ++ItA, ++ItB)
    Out /= *ItA;
  return Out;
}

ScanInput resolvePaths(std::vector<std::string> Paths) {
  if (Paths.empty())
    Paths.push_back(".");
  std::vector<std::pair<fs::path, bool>> Resolved; // absolute, is directory
  for (const std::string &Path : Paths) {
    std::error_code EC;
    if (!fs::exists(Path, EC))
      throw Error("no such file or directory: '" + Path + "'");
    fs::path Absolute = fs::weakly_canonical(fs::absolute(Path), EC);
    bool Directory = fs::is_directory(Absolute, EC);
    if (!Directory && !isCppFile(Absolute.string()))
      throw Error("'" + Path + "' is not a C++ file (" + cppFileExtensionsText() + ")");
    Resolved.push_back({Absolute, Directory});
  }
  ScanInput Input;
  for (const auto &[Path, Directory] : Resolved) {
    fs::path Dir = Directory ? Path : Path.parent_path();
    Input.Root = Input.Root.empty() ? Dir : commonDirectory(Input.Root, Dir);
  }
  for (const auto &[Path, Directory] : Resolved) {
    fs::path Relative = Path.lexically_relative(Input.Root);
    if (Directory)
      Input.Directories.push_back(Relative);
    else
      Input.Files.push_back(Relative.generic_string());
  }
  return Input;
}

std::vector<std::string> targetsOf(const SourceTree &Tree, const ScanInput &Input) {
  std::set<std::string> Targets(Input.Files.begin(), Input.Files.end());
  for (const fs::path &Dir : Input.Directories) {
    std::string Prefix = Dir == "." ? "" : Dir.generic_string() + "/";
    for (const SourceFile &File : Tree.Files)
      if (File.Path.compare(0, Prefix.size(), Prefix) == 0 &&
          fs::path(File.Path).filename() != "CMakeLists.txt")
        Targets.insert(File.Path);
  }
  return {Targets.begin(), Targets.end()};
}

} // namespace

int runScanCommand(const std::vector<std::string> &Args, CommandContext &Context) {
  ParsedArgs Parsed = scanParser().parse(Args);
  if (Parsed.helpRequested()) {
    printHelp(Context.Out);
    return ExitOk;
  }
  ScanInput Input = resolvePaths(Parsed.positionals());
  SourceTree Tree = readSourceTree(Input.Root.string());
  std::vector<std::string> Targets = targetsOf(Tree, Input);

  ScanOptions Options;
  Options.ExtraArgs = Parsed.values("--extra-arg");
  Options.CompileCommandsDir = Parsed.valueOr("--build-path", "");
  Options.RealRoot = Input.Root.string();
  Options.Jobs = parseJobs("scan", Parsed.value("--jobs"));
  const char *CacheEnvironment = std::getenv("MODELCOMPAT_CACHE_DIR");
  Options.CacheDir = Parsed.valueOr("--cache-dir", CacheEnvironment ? CacheEnvironment : "");
  if (!Options.CompileCommandsDir.empty() &&
      !fs::exists(fs::path(Options.CompileCommandsDir) / "compile_commands.json"))
    throw Error("no compile_commands.json in '" + Options.CompileCommandsDir + "'");

  ScanResult Result;
  if (!Targets.empty())
    Result = scanTree(Tree, Targets, Options);
  Context.Err << describeScanProblems(Result, Parsed.has("--verbose") ? ScanProblemDetail::Every
                                                                      : ScanProblemDetail::Summary);

  std::string Text = Parsed.valueOr("--format", "json") == "text"
                         ? scanResultToText(Result)
                         : scanResultToJson(Result).dump(2) + "\n";
  if (std::optional<std::string> Output = Parsed.value("--output"))
    writeFileAtomically(*Output, Text);
  else
    Context.Out << Text;
  return ExitOk;
}

} // namespace modelcompat
