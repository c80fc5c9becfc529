//===- CompileFlags.cpp - The compiler arguments of each target -----------===//
#include "ClangCompat.h"
#include "ExtractInternal.h"

#include "modelcompat/support/Error.h"

#include "clang/Basic/Version.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/Path.h"

#include <set>

namespace modelcompat::extract {

std::vector<std::string> splitSearchPath(const std::string &Joined) {
  std::vector<std::string> Out;
  std::string Current;
  for (char C : Joined) {
    if (C == ':') {
      if (!Current.empty())
        Out.push_back(Current);
      Current.clear();
    } else {
      Current += C;
    }
  }
  if (!Current.empty())
    Out.push_back(Current);
  return Out;
}

namespace {

/// Flags taking a path, joined ("-Ifoo") or separate ("-I foo").
const std::vector<std::string> &pathFlags() {
  static const std::vector<std::string> Flags = {"-I",       "-isystem", "-iquote",   "-idirafter",
                                                 "-include", "-imacros", "-isysroot", "--sysroot="};
  return Flags;
}

/// Flags that only matter to a build and are dropped, with their values.
bool isDroppedFlag(const std::string &Arg, bool &TakesValue) {
  static const std::set<std::string> WithValue = {"-o", "-MF", "-MT", "-MQ", "-Xclang-output"};
  static const std::set<std::string> Alone = {
      "-c",      "-S",          "-E",    "-MD", "-MMD", "-M", "-MM", "-MP", "-fsyntax-only",
      "-Werror", "-save-temps", "-pipe", "--"};
  TakesValue = WithValue.count(Arg) != 0;
  return TakesValue || Alone.count(Arg) || compat::startsWith(Arg, "-o") ||
         compat::startsWith(Arg, "-Werror=") || compat::startsWith(Arg, "-fmodules-cache-path");
}

std::string absoluteFrom(const std::string &Path, const std::string &Directory) {
  if (Path.empty() || llvm::sys::path::is_absolute(Path))
    return Path;
  llvm::SmallString<256> Full(Directory);
  llvm::sys::path::append(Full, Path);
  llvm::sys::path::remove_dots(Full, true);
  return Full.str().str();
}

std::string mapOntoTree(const std::string &Path, const std::string &RealRoot) {
  if (RealRoot.empty())
    return Path;
  llvm::StringRef Text(Path);
  if (Text == RealRoot)
    return VirtualRoot;
  if (compat::startsWith(Text, RealRoot + "/"))
    return std::string(VirtualRoot) + Text.drop_front(RealRoot.size()).str();
  return Path;
}

std::string cleanRealRoot(const std::string &RealRoot) {
  if (RealRoot.empty())
    return "";
  llvm::SmallString<256> Clean(RealRoot);
  llvm::sys::fs::make_absolute(Clean);
  llvm::sys::path::remove_dots(Clean, true);
  return Clean.str().str();
}

/// A database command reduced to the flags that matter for parsing.
std::vector<std::string> adjustCommand(const clang::tooling::CompileCommand &Command,
                                       const std::string &RealRoot) {
  std::vector<std::string> Out;
  const std::vector<std::string> &Line = Command.CommandLine;
  std::string File = absoluteFrom(Command.Filename, Command.Directory);
  for (std::size_t I = 1; I < Line.size(); ++I) {
    const std::string &Arg = Line[I];
    bool TakesValue = false;
    if (isDroppedFlag(Arg, TakesValue)) {
      if (TakesValue)
        ++I;
      continue;
    }
    if (!Arg.empty() && Arg[0] != '-' &&
        (absoluteFrom(Arg, Command.Directory) == File || Arg == Command.Filename))
      continue;
    bool Mapped = false;
    for (const std::string &Flag : pathFlags()) {
      if (Arg == Flag && I + 1 < Line.size()) {
        Out.push_back(Arg);
        Out.push_back(mapOntoTree(absoluteFrom(Line[++I], Command.Directory), RealRoot));
        Mapped = true;
        break;
      }
      if (Arg.size() > Flag.size() && compat::startsWith(Arg, Flag)) {
        Out.push_back(
            Flag + mapOntoTree(absoluteFrom(Arg.substr(Flag.size()), Command.Directory), RealRoot));
        Mapped = true;
        break;
      }
    }
    if (!Mapped)
      Out.push_back(Arg);
  }
  return Out;
}

} // namespace

std::string clangVersion() { return clang::getClangFullVersion(); }

std::string clangResourceDir() { return MODELCOMPAT_CLANG_RESOURCE_DIR; }

std::string clangDriverPath() {
  // <prefix>/lib/clang/<version> -> <prefix>/bin/clang++
  llvm::SmallString<256> Path(MODELCOMPAT_CLANG_RESOURCE_DIR);
  for (int I = 0; I < 3; ++I)
    llvm::sys::path::remove_filename(Path);
  llvm::sys::path::append(Path, "bin", "clang++");
  return Path.str().str();
}

std::vector<std::string> includeDirectories(const SourceTree &Tree) {
  std::set<std::string> Dirs;
  for (const SourceFile &File : Tree.Files) {
    llvm::StringRef Path(File.Path);
    for (std::size_t At = Path.find("include/"); At != llvm::StringRef::npos;
         At = Path.find("include/", At + 1))
      if (At == 0 || Path[At - 1] == '/')
        Dirs.insert(Path.substr(0, At + 7).str());
  }
  return {Dirs.begin(), Dirs.end()};
}

std::vector<std::string> defaultCompileArgs(const SourceTree &Tree, const ScanOptions &Options,
                                            const std::string &Preferred,
                                            const std::vector<std::string> &Stated) {
  std::vector<std::string> Args = {"-std=c++" + std::to_string(ParseStandard), "-resource-dir",
                                   MODELCOMPAT_CLANG_RESOURCE_DIR};
  for (const std::string &Dir : splitSearchPath(MODELCOMPAT_TORCH_INCLUDE_DIRS)) {
    // Already a system directory: -isystem would move it before libstdc++'s
    // and break its #include_next <stdlib.h>.
    if (Dir == "/usr/include" || Dir == "/usr/local/include")
      continue;
    Args.push_back("-isystem");
    Args.push_back(Dir);
  }
  Args.push_back(std::string("-I") + VirtualRoot);
  if (!Preferred.empty())
    Args.push_back("-I" + virtualPath(Preferred));
  for (const std::string &Dir : includeDirectories(Tree))
    if (Dir != Preferred)
      Args.push_back("-I" + virtualPath(Dir));
  Args.insert(Args.end(), Stated.begin(), Stated.end());
  Args.insert(Args.end(), Options.ExtraArgs.begin(), Options.ExtraArgs.end());
  return Args;
}

std::map<std::string, std::vector<std::string>>
compileDatabaseArgs(const SourceTree &Tree, const std::vector<std::string> &Targets,
                    const ScanOptions &Options) {
  std::string Message;
  std::unique_ptr<clang::tooling::CompilationDatabase> Database =
      clang::tooling::JSONCompilationDatabase::loadFromDirectory(Options.CompileCommandsDir,
                                                                 Message);
  if (!Database)
    throw Error("cannot read compile_commands.json in '" + Options.CompileCommandsDir +
                "': " + Message);
  // Headers have no command of their own: borrow a nearby file's.
  Database = clang::tooling::inferMissingCompileCommands(std::move(Database));
  std::string RealRoot = cleanRealRoot(Options.RealRoot);
  std::vector<std::string> Defaults = defaultCompileArgs(Tree, Options);
  std::map<std::string, std::vector<std::string>> Out;
  for (const std::string &Target : Targets) {
    std::string Real = RealRoot.empty() ? virtualPath(Target) : RealRoot + "/" + Target;
    std::vector<clang::tooling::CompileCommand> Commands = Database->getCompileCommands(Real);
    if (Commands.empty()) {
      Out[Target] = Defaults;
      continue;
    }
    std::vector<std::string> Args = adjustCommand(Commands.front(), RealRoot);
    // The command may name another language for a header; the umbrella is C++.
    std::vector<std::string> Clean;
    for (std::size_t I = 0; I < Args.size(); ++I) {
      if (Args[I] == "-x" && I + 1 < Args.size()) {
        ++I;
        continue;
      }
      Clean.push_back(Args[I]);
    }
    Clean.push_back("-resource-dir");
    Clean.push_back(MODELCOMPAT_CLANG_RESOURCE_DIR);
    Clean.push_back("-Qunused-arguments");
    Clean.insert(Clean.end(), Options.ExtraArgs.begin(), Options.ExtraArgs.end());
    Out[Target] = std::move(Clean);
  }
  return Out;
}

} // namespace modelcompat::extract
