//===- CMakeTargets.cpp - The targets a tree's CMake files declare -------===//
#include "modelcompat/init/CMakeTargets.h"

#include "modelcompat/support/CMakeCommands.h"

#include <fnmatch.h>

#include <set>

namespace modelcompat {
namespace {

constexpr const char *ListsName = "CMakeLists.txt";

std::string parentDirectory(const std::string &Path) {
  std::size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "" : Path.substr(0, Slash);
}

bool isUnder(const std::string &Path, const std::string &Dir) {
  return Dir.empty() || (Path.size() > Dir.size() && Path.compare(0, Dir.size(), Dir) == 0 &&
                         Path[Dir.size()] == '/');
}

/// The CMake variables one file sets, as lists.
using Variables = std::map<std::string, std::vector<std::string>>;

/// Argument with every ${NAME} of Vars substituted; a whole-argument
/// reference of a list expands to its items. Unknown variables stay.
std::vector<std::string> expand(const std::string &Argument, const Variables &Vars) {
  if (Argument.size() > 3 && Argument.compare(0, 2, "${") == 0 && Argument.back() == '}' &&
      Argument.find("${", 2) == std::string::npos) {
    auto It = Vars.find(Argument.substr(2, Argument.size() - 3));
    if (It != Vars.end())
      return It->second;
  }
  std::string Text = Argument;
  for (const auto &[Name, Values] : Vars) {
    std::string Reference = "${" + Name + "}";
    std::string Joined;
    for (const std::string &Value : Values)
      Joined += (Joined.empty() ? "" : ";") + Value;
    for (std::size_t At = Text.find(Reference); At != std::string::npos;
         At = Text.find(Reference, At + Joined.size()))
      Text.replace(At, Reference.size(), Joined);
  }
  std::vector<std::string> Out;
  std::size_t Start = 0;
  for (std::size_t Semicolon; (Semicolon = Text.find(';', Start)) != std::string::npos;
       Start = Semicolon + 1)
    if (Semicolon > Start)
      Out.push_back(Text.substr(Start, Semicolon - Start));
  if (Start < Text.size())
    Out.push_back(Text.substr(Start));
  return Out;
}

/// file(GLOB[_RECURSE] VAR [options] patterns...): the tree's files that
/// match, repository-relative (CMake makes them absolute; the sources lists
/// accept both).
std::vector<std::string> glob(const std::vector<std::string> &Patterns, bool Recurse,
                              const std::string &ListsDir, const std::string &TopDir,
                              const TreeText &Tree) {
  std::set<std::string> Out;
  for (const std::string &Pattern : Patterns) {
    std::optional<std::string> Path = cmakeRepositoryPath(Pattern, ListsDir, TopDir);
    if (!Path)
      continue;
    std::string Dir = parentDirectory(*Path);
    std::string Name = Path->substr(Dir.empty() ? 0 : Dir.size() + 1);
    for (const auto &Item : Tree) {
      const std::string &File = Item.first;
      if (Recurse ? (isUnder(File, Dir) &&
                     fnmatch(Name.c_str(), File.substr(File.rfind('/') + 1).c_str(), 0) == 0)
                  : fnmatch(Path->c_str(), File.c_str(), FNM_PATHNAME) == 0)
        Out.insert(File);
    }
  }
  return {Out.begin(), Out.end()};
}

/// Reads one CMakeLists.txt into Targets (and, for target_sources and
/// target_include_directories, into targets of earlier files).
class ListsReader {
public:
  ListsReader(const TreeText &Tree, std::vector<CMakeTarget> &Targets)
      : Tree(Tree), Targets(Targets) {}

  void read(const std::string &ListsDir, const std::string &TopDir, const std::string &Text,
            const std::vector<std::string> &InheritedIncludes) {
    this->ListsDir = ListsDir;
    this->TopDir = TopDir;
    Vars.clear();
    // The top-level project() names the whole project for the files below
    // it (add_executable(${CMAKE_PROJECT_NAME} ...)).
    if (auto It = ProjectNames.find(TopDir); It != ProjectNames.end())
      Vars["CMAKE_PROJECT_NAME"] = {It->second};
    Includes = InheritedIncludes;
    for (const CMakeCommand &Command : parseCMakeCommands(Text))
      apply(Command);
    DirectoryIncludes[ListsDir] = Includes;
  }

  /// The directory-scope include directories in effect at the end of the
  /// file of Dir (for the files below it).
  std::vector<std::string> includesOf(const std::string &Dir) const {
    for (std::string At = Dir;; At = parentDirectory(At)) {
      auto It = DirectoryIncludes.find(At);
      if (It != DirectoryIncludes.end())
        return It->second;
      if (At.empty())
        return {};
    }
  }

private:
  std::vector<std::string> expanded(const std::vector<std::string> &Arguments,
                                    std::size_t First) const {
    std::vector<std::string> Out;
    for (std::size_t I = First; I < Arguments.size(); ++I)
      for (std::string &Item : expand(Arguments[I], Vars))
        Out.push_back(std::move(Item));
    return Out;
  }

  std::optional<std::string> path(const std::string &Argument) const {
    std::string Value = cmakeBuildValue(Argument);
    if (Value.empty())
      return std::nullopt;
    return cmakeRepositoryPath(Value, ListsDir, TopDir);
  }

  /// A target name as CMake reads it: set(Target yolo-model) then
  /// add_library(${Target} ...) names 'yolo-model'.
  std::string targetName(const std::string &Argument) const {
    std::vector<std::string> Items = expand(Argument, Vars);
    return Items.size() == 1 ? Items.front() : Argument;
  }

  CMakeTarget *find(const std::string &Argument) {
    std::string Name = targetName(Argument);
    for (CMakeTarget &Target : Targets)
      if (Target.Name == Name)
        return &Target;
    return nullptr;
  }

  void addSources(CMakeTarget &Target, const std::vector<std::string> &Arguments) {
    static const std::set<std::string> Keywords = {
        "STATIC",           "SHARED", "MODULE",        "OBJECT", "INTERFACE",
        "EXCLUDE_FROM_ALL", "WIN32",  "MACOSX_BUNDLE", "PUBLIC", "PRIVATE"};
    for (const std::string &Argument : Arguments)
      if (!Keywords.count(Argument))
        if (std::optional<std::string> Source = path(Argument); Source && !Source->empty())
          Target.Sources.push_back(*Source);
  }

  void apply(const CMakeCommand &Command) {
    const std::vector<std::string> &A = Command.Arguments;
    if (A.empty())
      return;
    if (Command.Name == "project") {
      Vars["PROJECT_NAME"] = {A[0]};
      if (ListsDir == TopDir) {
        Vars["CMAKE_PROJECT_NAME"] = {A[0]};
        ProjectNames[TopDir] = A[0];
      }
    } else if (Command.Name == "set") {
      Vars[A[0]] = expanded(A, 1);
    } else if (Command.Name == "list" && A.size() >= 2 && A[0] == "APPEND") {
      for (std::string &Item : expanded(A, 2))
        Vars[A[1]].push_back(std::move(Item));
    } else if (Command.Name == "file" && A.size() >= 3 &&
               (A[0] == "GLOB" || A[0] == "GLOB_RECURSE")) {
      std::vector<std::string> Patterns;
      for (std::size_t I = 2; I < A.size(); ++I) {
        if (A[I] == "CONFIGURE_DEPENDS" || A[I] == "FOLLOW_SYMLINKS")
          continue;
        if (A[I] == "LIST_DIRECTORIES" || A[I] == "RELATIVE") {
          ++I;
          continue;
        }
        for (std::string &Item : expand(A[I], Vars))
          Patterns.push_back(std::move(Item));
      }
      Vars[A[1]] = glob(Patterns, A[0] == "GLOB_RECURSE", ListsDir, TopDir, Tree);
    } else if (Command.Name == "add_library" || Command.Name == "add_executable") {
      if (A.size() >= 2 && (A[1] == "ALIAS" || A[1] == "IMPORTED"))
        return;
      CMakeTarget Target;
      Target.Name = targetName(A[0]);
      Target.Kind =
          Command.Name == "add_library" ? CMakeTargetKind::Library : CMakeTargetKind::Executable;
      Target.ListsDir = ListsDir;
      Target.ProjectDir = TopDir;
      Target.IncludeDirectories = Includes;
      addSources(Target, expanded(A, 1));
      Targets.push_back(std::move(Target));
    } else if (Command.Name == "target_sources") {
      if (CMakeTarget *Target = find(A[0]))
        addSources(*Target, expanded(A, 1));
    } else if (Command.Name == "include_directories") {
      for (const std::string &Argument : expanded(A, 0))
        if (!isCMakeKeyword(Argument))
          if (std::optional<std::string> Dir = path(Argument))
            Includes.push_back(*Dir);
    } else if (Command.Name == "target_include_directories") {
      CMakeTarget *Target = find(A[0]);
      if (!Target)
        return;
      for (const std::string &Argument : expanded(A, 1))
        if (!isCMakeKeyword(Argument))
          if (std::optional<std::string> Dir = path(Argument))
            Target->IncludeDirectories.push_back(*Dir);
    }
  }

  const TreeText &Tree;
  std::vector<CMakeTarget> &Targets;
  std::string ListsDir, TopDir;
  Variables Vars;
  std::vector<std::string> Includes;
  std::map<std::string, std::vector<std::string>> DirectoryIncludes;
  /// Top-level folder -> the name its project() gives.
  std::map<std::string, std::string> ProjectNames;
};

} // namespace

std::vector<CMakeTarget> readCMakeTargets(const TreeText &Tree) {
  // Path order puts every folder's file before those below it.
  std::map<std::string, const std::string *> Lists;
  for (const auto &[Path, Content] : Tree)
    if (Path == ListsName ||
        (Path.size() > 15 && Path.compare(Path.size() - 15, 15, "/CMakeLists.txt") == 0))
      Lists[parentDirectory(Path)] = &Content;
  std::vector<CMakeTarget> Targets;
  ListsReader Reader(Tree, Targets);
  for (const auto &[Dir, Content] : Lists) {
    // The top-level project: the outermost CMakeLists.txt above Dir.
    std::string TopDir = Dir;
    for (const auto &Other : Lists)
      if (isUnder(Dir, Other.first) && Other.first.size() < TopDir.size())
        TopDir = Other.first;
    if (Lists.count(""))
      TopDir = "";
    Reader.read(Dir, TopDir, *Content,
                Dir.empty() ? std::vector<std::string>{} : Reader.includesOf(parentDirectory(Dir)));
  }
  return Targets;
}

} // namespace modelcompat
