//===- CMakeFlags.cpp - Compile flags a commit's CMake files state plainly -===//
//
// Without -p, a commit's own CMakeLists.txt files say most of what a scan
// needs: the language standard, the project's include directories and its
// definitions. Only what is stated plainly is read (no variables other than
// the source-directory ones, no functions, no conditions: a flag under an
// if() is taken as if the condition held), and only include directories
// inside the repository. Each file applies to the sources under its
// directory, outer files first.
//
//===----------------------------------------------------------------------===//
#include "ClangCompat.h"
#include "ExtractInternal.h"

#include "modelcompat/support/CMakeCommands.h"

#include "llvm/ADT/StringRef.h"

#include <cctype>
#include <map>
#include <set>

namespace modelcompat::extract {

namespace {

constexpr const char *ListsName = "CMakeLists.txt";

std::vector<std::string> argsOfLists(llvm::StringRef Text, const std::string &ListsDir,
                                     const std::string &TopDir) {
  std::vector<std::string> Args;
  int Standard = 0;
  for (const CMakeCommand &Command : parseCMakeCommands(Text.str())) {
    const std::vector<std::string> &A = Command.Arguments;
    if (Command.Name == "set" && A.size() >= 2 && A[0] == "CMAKE_CXX_STANDARD") {
      Standard = std::max(Standard, std::atoi(A[1].c_str()));
    } else if (Command.Name == "target_compile_features" ||
               Command.Name == "set_target_properties" || Command.Name == "set_property") {
      for (const std::string &Argument : A) {
        llvm::StringRef Word(Argument);
        if (Word.consume_front("cxx_std_"))
          Standard = std::max(Standard, std::atoi(Word.str().c_str()));
      }
      for (std::size_t I = 0; I + 1 < A.size(); ++I)
        if (A[I] == "CXX_STANDARD")
          Standard = std::max(Standard, std::atoi(A[I + 1].c_str()));
    } else if (Command.Name == "include_directories" ||
               Command.Name == "target_include_directories") {
      std::size_t First = Command.Name == "include_directories" ? 0 : 1;
      for (std::size_t I = First; I < A.size(); ++I) {
        if (isCMakeKeyword(A[I]))
          continue;
        std::string Value = cmakeBuildValue(A[I]);
        if (Value.empty())
          continue;
        if (std::optional<std::string> Dir = cmakeRepositoryPath(Value, ListsDir, TopDir))
          Args.push_back("-I" + (Dir->empty() ? std::string(VirtualRoot) : virtualPath(*Dir)));
      }
    } else if (Command.Name == "add_definitions") {
      for (const std::string &Argument : A)
        if (compat::startsWith(Argument, "-D") && Argument.find('$') == std::string::npos)
          Args.push_back(Argument);
    } else if (Command.Name == "add_compile_definitions" ||
               Command.Name == "target_compile_definitions") {
      std::size_t First = Command.Name == "add_compile_definitions" ? 0 : 1;
      for (std::size_t I = First; I < A.size(); ++I)
        if (!isCMakeKeyword(A[I]) && A[I].find('$') == std::string::npos)
          Args.push_back("-D" + A[I]);
    }
  }
  // A lower standard than the parse's own would reject libtorch's headers
  // (`set(CMAKE_CXX_STANDARD 11)` with libtorch 1.13: "C++14 or later
  // compatible compiler is required to use ATen"), so it is not passed on.
  if (Standard > MinimumCxxStandard)
    Args.insert(Args.begin(), "-std=c++" + std::to_string(Standard));
  return Args;
}

std::string parentDirectory(const std::string &Path) {
  std::size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "" : Path.substr(0, Slash);
}

} // namespace

std::vector<std::string> cmakeArgs(const SourceTree &Tree, const std::string &Target) {
  std::map<std::string, const SourceFile *> Lists; // By directory.
  for (const SourceFile &File : Tree.Files)
    if (File.Path == ListsName ||
        (File.Path.size() > 15 && compat::endsWith(File.Path, "/CMakeLists.txt")))
      Lists[parentDirectory(File.Path)] = &File;
  if (Lists.empty())
    return {};
  // The chain of directories from the root down to the target's.
  std::vector<std::string> Chain;
  for (std::string Dir = parentDirectory(Target);; Dir = parentDirectory(Dir)) {
    Chain.insert(Chain.begin(), Dir);
    if (Dir.empty())
      break;
  }
  std::string TopDir;
  bool TopFound = false;
  std::vector<std::string> Args;
  for (const std::string &Dir : Chain) {
    auto It = Lists.find(Dir);
    if (It == Lists.end())
      continue;
    if (!TopFound) {
      TopDir = Dir;
      TopFound = true;
    }
    std::vector<std::string> Own = argsOfLists(It->second->Content, Dir, TopDir);
    Args.insert(Args.end(), Own.begin(), Own.end());
  }
  return Args;
}

} // namespace modelcompat::extract
