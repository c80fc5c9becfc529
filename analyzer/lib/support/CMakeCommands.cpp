//===- CMakeCommands.cpp - CMake files read as text ----------------------===//
#include "modelcompat/support/CMakeCommands.h"
#include "modelcompat/support/IdentifierChars.h"

#include <cctype>
#include <filesystem>
#include <set>

namespace modelcompat {

std::vector<CMakeCommand> parseCMakeCommands(const std::string &Text) {
  std::vector<CMakeCommand> Out;
  std::size_t I = 0;
  while (I < Text.size()) {
    char C = Text[I];
    if (C == '#') {
      I = Text.find('\n', I);
      if (I == std::string::npos)
        break;
      continue;
    }
    if (!isIdentifierStart(C)) {
      ++I;
      continue;
    }
    std::size_t Start = I;
    while (I < Text.size() && isIdentifierChar(Text[I]))
      ++I;
    std::string Name = Text.substr(Start, I - Start);
    for (char &Letter : Name)
      Letter = static_cast<char>(std::tolower(static_cast<unsigned char>(Letter)));
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
      if (D == '#') {
        std::size_t End = Text.find('\n', I);
        I = End == std::string::npos ? Text.size() - 1 : End;
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

bool isCMakeKeyword(const std::string &Argument) {
  static const std::set<std::string> Keywords = {"PUBLIC", "PRIVATE", "INTERFACE",
                                                 "SYSTEM", "BEFORE",  "AFTER"};
  return Keywords.count(Argument) != 0;
}

std::string cmakeBuildValue(const std::string &Argument) {
  if (Argument.rfind("$<", 0) != 0)
    return Argument;
  const std::string Prefix = "$<BUILD_INTERFACE:";
  if (Argument.rfind(Prefix, 0) == 0 && Argument.size() > Prefix.size() && Argument.back() == '>')
    return Argument.substr(Prefix.size(), Argument.size() - Prefix.size() - 1);
  return "";
}

std::optional<std::string> cmakeRepositoryPath(std::string Path, const std::string &ListsDir,
                                               const std::string &TopDir) {
  auto Substitute = [&](const std::string &Variable, const std::string &Value) {
    for (std::size_t At = Path.find(Variable); At != std::string::npos; At = Path.find(Variable))
      Path.replace(At, Variable.size(), Value.empty() ? "." : Value);
  };
  Substitute("${CMAKE_CURRENT_SOURCE_DIR}", ListsDir);
  Substitute("${CMAKE_CURRENT_LIST_DIR}", ListsDir);
  Substitute("${PROJECT_SOURCE_DIR}", TopDir);
  Substitute("${CMAKE_SOURCE_DIR}", TopDir);
  if (Path.find('$') != std::string::npos || Path.empty() || Path.front() == '/')
    return std::nullopt;
  bool AlreadyRooted = (!ListsDir.empty() && Path.rfind(ListsDir, 0) == 0) ||
                       (!TopDir.empty() && Path.rfind(TopDir, 0) == 0);
  std::filesystem::path Joined = AlreadyRooted || ListsDir.empty()
                                     ? std::filesystem::path(Path)
                                     : std::filesystem::path(ListsDir) / Path;
  std::string Clean = Joined.lexically_normal().generic_string();
  while (Clean.size() > 1 && Clean.back() == '/')
    Clean.pop_back();
  if (Clean == "." || Clean.empty())
    return std::string();
  if (Clean.rfind("..", 0) == 0)
    return std::nullopt;
  return Clean;
}

} // namespace modelcompat
