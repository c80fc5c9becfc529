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

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Path.h"

#include <cctype>
#include <map>
#include <set>

namespace modelcompat::extract {

namespace {

constexpr const char *ListsName = "CMakeLists.txt";

/// One command of a CMake file: its lower-case name and its arguments.
struct CMakeCommand {
  std::string Name;
  std::vector<std::string> Arguments;
};

/// Splits CMake text into commands; comments, quotes and nested
/// parentheses are handled, bracket arguments are not needed here.
std::vector<CMakeCommand> parseCommands(llvm::StringRef Text) {
  std::vector<CMakeCommand> Out;
  std::size_t I = 0;
  while (I < Text.size()) {
    char C = Text[I];
    if (C == '#') {
      I = Text.find('\n', I);
      if (I == llvm::StringRef::npos)
        break;
      continue;
    }
    if (!(std::isalpha(static_cast<unsigned char>(C)) || C == '_')) {
      ++I;
      continue;
    }
    std::size_t Start = I;
    while (I < Text.size() && (std::isalnum(static_cast<unsigned char>(Text[I])) || Text[I] == '_'))
      ++I;
    std::string Name = Text.slice(Start, I).lower();
    while (I < Text.size() && (Text[I] == ' ' || Text[I] == '\t'))
      ++I;
    if (I >= Text.size() || Text[I] != '(')
      continue;
    ++I;
    CMakeCommand Command{Name, {}};
    std::string Current;
    int Depth = 0;
    bool Quoted = false;
    for (; I < Text.size(); ++I) {
      char D = Text[I];
      if (Quoted) {
        if (D == '"')
          Quoted = false;
        else
          Current += D;
        continue;
      }
      if (D == '"') {
        Quoted = true;
        continue;
      }
      if (D == '#' ) {
        std::size_t End = Text.find('\n', I);
        I = End == llvm::StringRef::npos ? Text.size() - 1 : End;
        D = ' ';
      }
      if (D == '(') {
        ++Depth;
      } else if (D == ')') {
        if (Depth-- == 0)
          break;
      }
      if (std::isspace(static_cast<unsigned char>(D)) && Depth == 0) {
        if (!Current.empty())
          Command.Arguments.push_back(Current);
        Current.clear();
        continue;
      }
      Current += D;
    }
    if (!Current.empty())
      Command.Arguments.push_back(Current);
    Out.push_back(std::move(Command));
  }
  return Out;
}

bool isKeyword(llvm::StringRef Argument) {
  static const std::set<std::string> Keywords = {"PUBLIC", "PRIVATE", "INTERFACE", "SYSTEM",
                                                 "BEFORE", "AFTER"};
  return Keywords.count(Argument.str()) != 0;
}

/// The value of a generator expression CMake uses for builds
/// ($<BUILD_INTERFACE:dir>), or the argument itself; "" for others.
std::string buildValue(llvm::StringRef Argument) {
  if (!compat::startsWith(Argument, "$<"))
    return Argument.str();
  if (Argument.consume_front("$<BUILD_INTERFACE:") && Argument.consume_back(">"))
    return Argument.str();
  return "";
}

/// Dir (a repository-relative directory, "" for the root) with the source
/// directory variables of the file in ListsDir substituted; "" when it
/// leaves the repository or uses other variables.
std::string repositoryPath(std::string Path, const std::string &ListsDir,
                           const std::string &TopDir) {
  auto Substitute = [&](const std::string &Variable, const std::string &Value) {
    for (std::size_t At = Path.find(Variable); At != std::string::npos;
         At = Path.find(Variable))
      Path.replace(At, Variable.size(), Value.empty() ? "." : Value);
  };
  Substitute("${CMAKE_CURRENT_SOURCE_DIR}", ListsDir);
  Substitute("${CMAKE_CURRENT_LIST_DIR}", ListsDir);
  Substitute("${PROJECT_SOURCE_DIR}", TopDir);
  Substitute("${CMAKE_SOURCE_DIR}", TopDir);
  if (Path.find("${") != std::string::npos || Path.find('$') != std::string::npos ||
      llvm::sys::path::is_absolute(Path))
    return "";
  llvm::SmallString<256> Joined;
  bool AlreadyRooted = Path.rfind(ListsDir, 0) == 0 || Path.rfind(TopDir, 0) == 0;
  if (!AlreadyRooted && !ListsDir.empty())
    Joined = ListsDir;
  llvm::sys::path::append(Joined, llvm::sys::path::Style::posix, Path);
  llvm::sys::path::remove_dots(Joined, true, llvm::sys::path::Style::posix);
  llvm::StringRef Clean = Joined.str();
  if (compat::startsWith(Clean, "..") || compat::startsWith(Clean, "/"))
    return "";
  return Clean == "." ? "" : Clean.str();
}

std::vector<std::string> argsOfLists(llvm::StringRef Text, const std::string &ListsDir,
                                     const std::string &TopDir) {
  std::vector<std::string> Args;
  int Standard = 0;
  for (const CMakeCommand &Command : parseCommands(Text)) {
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
        if (isKeyword(A[I]))
          continue;
        std::string Value = buildValue(A[I]);
        if (Value.empty())
          continue;
        std::string Dir = repositoryPath(Value, ListsDir, TopDir);
        if (!Dir.empty() || Value == "." || Value == "${CMAKE_CURRENT_SOURCE_DIR}")
          Args.push_back("-I" + (Dir.empty() ? std::string(VirtualRoot) : virtualPath(Dir)));
      }
    } else if (Command.Name == "add_definitions") {
      for (const std::string &Argument : A)
        if (compat::startsWith(Argument, "-D") && Argument.find('$') == std::string::npos)
          Args.push_back(Argument);
    } else if (Command.Name == "add_compile_definitions" ||
               Command.Name == "target_compile_definitions") {
      std::size_t First = Command.Name == "add_compile_definitions" ? 0 : 1;
      for (std::size_t I = First; I < A.size(); ++I)
        if (!isKeyword(A[I]) && A[I].find('$') == std::string::npos)
          Args.push_back("-D" + A[I]);
    }
  }
  if (Standard >= 11)
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
