//===- ExtractInternal.h - Pieces of the scanner shared by its files -*- C++ -*-===//
//
// The scanner is a pipeline: plan translation units (CompileFlags, Scanner),
// parse each one over the in-memory tree (TranslationUnitParser), find the
// module classes in its AST (ModuleFinder) and walk their constructors
// (RegistrationWalker, with ModuleExpression and ExpressionEval reading the
// expressions they register). This header is what those files share.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_EXTRACT_EXTRACTINTERNAL_H
#define MODELCOMPAT_EXTRACT_EXTRACTINTERNAL_H

#include "DeclarationRecovery.h"

#include "modelcompat/extract/Scanner.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace modelcompat::extract {

/// File, then the file that included it, and so on out to the main file:
/// the first inclusion the parse saw of each (a guarded header is entered
/// once).
inline std::vector<clang::FileID> includeChain(const clang::SourceManager &SM, clang::FileID File) {
  std::vector<clang::FileID> Chain;
  for (unsigned Depth = 0; Depth < 256 && File.isValid(); ++Depth) {
    Chain.push_back(File);
    clang::SourceLocation IncludedAt = SM.getIncludeLoc(File);
    if (IncludedAt.isInvalid())
      break;
    File = SM.getFileID(SM.getFileLoc(IncludedAt));
  }
  return Chain;
}

/// Where the tree's files appear to Clang.
inline constexpr const char *VirtualRoot = "/modelcompat-src";

/// The C++ standard of every parse unless the project states a newer one:
/// libtorch 2.1 and later need C++17 (1.x needed 14), so an older project
/// standard would fail every file that includes torch; verify compiles the
/// model's headers into its harness as C++17 at least too.
inline constexpr int ParseStandard = 17;
/// Where includes that cannot be found are served from, as empty files.
inline constexpr const char *RecoveryRoot = "/modelcompat-missing";
/// Where synthesized translation units live (outside the tree).
inline constexpr const char *UmbrellaRoot = "/modelcompat-umbrella";
/// The header a precompiled libtorch is built from, served from memory.
inline constexpr const char *TorchPrefixPath = "/modelcompat-pch/torch-prefix.h";
inline constexpr const char *TorchPrefixSource = "#include <torch/torch.h>\n";
/// Flags every parse adds: keep going after errors, skip work whose output
/// nobody reads (warnings, spelling fixes, carets), accept what GCC accepts.
inline constexpr const char *QuietParseFlags[] = {
    "-ferror-limit=0", "-fno-spell-checking", "-w", "-fno-caret-diagnostics",
    // GCC accepts a narrowing conversion of a non-constant in braces with a
    // warning, and real code relies on it (torch::zeros({size_t_value})).
    "-Wno-c++11-narrowing"};

/// The virtual path of a tree-relative path.
std::string virtualPath(const std::string &Relative);
/// The tree-relative path of a virtual path, or "" when it is outside the tree.
std::string relativeToRoot(const std::string &Path);

/// One translation unit to parse: a synthesized file including Targets.
struct ParseRequest {
  std::vector<std::string> Targets; ///< Tree-relative, in inclusion order.
  std::vector<std::string> Args;    ///< Compiler arguments, without the file.
  std::string PchPath;              ///< -include-pch file, or empty.
  /// Files whose classes are reported (tree-relative): every scan target.
  const std::set<std::string> *Reported = nullptr;
  /// Declarations synthesized for names no header provided (force-included
  /// from RecoveryHeaderPath); empty: none.
  std::string RecoveredHeader;
  /// The names RecoveredHeader declares, to check against the project's.
  std::vector<MissingName> RecoveredNames;
  /// Older libtorch spellings to read in today's, by file and offset.
  std::map<std::string, std::map<unsigned, Respelling>> Respellings;
  /// Where a missing unqualified name may be declared after all
  /// (providingNamespaces): brought in from there, not synthesized.
  std::vector<std::string> ProvidingNamespaces;
  /// The tree's headers by the classes they define (classHeaders): a class
  /// a file names without its header, brought in from there.
  std::map<std::string, std::vector<std::string>> ClassHeaders;
};

/// What one translation unit produced.
struct ParseOutcome {
  std::vector<ModuleSchema> Modules; ///< Unflattened.
  /// By (class, file): warnings that hold unless another parse finds the
  /// class's registrations (see FoundModules).
  std::map<std::pair<std::string, std::string>, Diagnostic> UnseenConstructors;
  std::set<std::pair<std::string, std::string>> SeenConstructors;
  std::vector<Diagnostic> Diagnostics;
  /// For each diagnostic, the target being read when it was reported ("").
  std::vector<std::string> DiagnosticTargets;
  /// Project file -> project files it includes directly (tree-relative).
  std::map<std::string, std::set<std::string>> IncludeGraph;
  /// Project file -> includes that were missing and served empty.
  std::map<std::string, std::set<std::string>> MissingIncludes;
  /// File (tree-relative, or absolute outside the tree) -> headers outside
  /// the tree it includes directly that isKeyedExternalHeader accepts.
  std::map<std::string, std::set<std::string>> ExternalGraph;
  /// Targets that were being read when an error occurred.
  std::set<std::string> TargetsWithErrors;
  /// Project files in which errors are located.
  std::set<std::string> FilesWithErrors;
  bool Fatal = false; ///< Whether the parse stopped early.
  /// Names the parse found used but declared nowhere in the translation
  /// unit (DeclarationRecovery), for the next round.
  std::vector<MissingName> Missing;
  /// Names the project declares after all: recovered ones it redefines (a
  /// header added since the scan the names were seeded from), and ones used
  /// before their declaration. Never to be synthesized in this group.
  std::vector<MissingName> Declared;
  /// Older libtorch spellings the compiler rejected (OlderApiSpellings),
  /// for the next round.
  std::vector<Respelling> Respellings;
  /// Translation units parsed to produce this outcome (rounds, retries).
  std::size_t Parses = 1;
};

/// Whether Path, a header Clang read from the real file system, can change a
/// file's scan without changing the parser identity: not libtorch's (the
/// identity covers it), not Clang's resource directory, not a virtual file.
bool isKeyedExternalHeader(const std::string &Path);

/// Parses one translation unit over Tree and extracts its module classes.
/// Never throws for compile errors.
ParseOutcome parseTranslationUnit(const SourceTree &Tree, const ParseRequest &Request);

/// The default compiler arguments (see ScanOptions), ExtraArgs included:
/// -I for the root and every include/ directory of Tree, Preferred (a
/// tree-relative include/ directory) first; Stated (from the CMake files)
/// after the defaults and before ExtraArgs, which win.
std::vector<std::string> defaultCompileArgs(const SourceTree &Tree, const ScanOptions &Options,
                                            const std::string &Preferred = "",
                                            const std::vector<std::string> &Stated = {});

/// The flags the CMakeLists.txt files of Tree state plainly for Target
/// (CMakeFlags.cpp): -std= from CMAKE_CXX_STANDARD or cxx_std_NN, -I for
/// include directories inside the tree, -D for definitions; outer files
/// first.
std::vector<std::string> cmakeArgs(const SourceTree &Tree, const std::string &Target);

/// The include/ directories of Tree, tree-relative, sorted.
std::vector<std::string> includeDirectories(const SourceTree &Tree);

/// Per-target arguments from compile_commands.json in
/// Options.CompileCommandsDir, with RealRoot paths mapped onto the virtual
/// root; headers get the flags of a nearby file. Targets the database knows
/// nothing about get the defaults. Throws Error naming the directory when it
/// holds no usable database.
std::map<std::string, std::vector<std::string>>
compileDatabaseArgs(const SourceTree &Tree, const std::vector<std::string> &Targets,
                    const ScanOptions &Options);

/// A precompiled <torch/torch.h> for Args in Options.CacheDir, built when
/// missing; "" when there is no cache dir or it cannot be built.
std::string precompiledTorchHeader(const std::vector<std::string> &Args,
                                   const ScanOptions &Options);

/// The path given to Clang's driver as its own: the installed clang++, from
/// which it finds the GCC installation and the system headers.
std::string clangDriverPath();

/// The version of the Clang libraries the scanner links.
std::string clangVersion();

/// That Clang's resource directory (its builtin headers: stddef.h, ...).
std::string clangResourceDir();

/// The entries of a colon-separated search path, empty ones dropped.
std::vector<std::string> splitSearchPath(const std::string &Joined);

} // namespace modelcompat::extract

#endif
