//===- CMakeCommands.h - CMake files read as text -------------*- C++ -*-===//
//
// What a commit's CMakeLists.txt files state plainly, read without running
// CMake: the scanner takes compile flags from them, `init` the targets that
// compile a model. No variables other than the source-directory ones, no
// functions, no conditions.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SUPPORT_CMAKECOMMANDS_H
#define MODELCOMPAT_SUPPORT_CMAKECOMMANDS_H

#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// One command of a CMake file: its lower-case name and its arguments.
struct CMakeCommand {
  std::string Name;
  std::vector<std::string> Arguments;
};

/// Splits CMake text into commands; comments, quotes and nested parentheses
/// are handled, bracket arguments are not.
std::vector<CMakeCommand> parseCMakeCommands(const std::string &Text);

/// Whether Argument is a scope or ordering keyword of a target command
/// (PUBLIC, PRIVATE, INTERFACE, SYSTEM, BEFORE, AFTER).
bool isCMakeKeyword(const std::string &Argument);

/// The value of a generator expression CMake uses for builds
/// ($<BUILD_INTERFACE:dir>), or the argument itself; "" for other
/// generator expressions.
std::string cmakeBuildValue(const std::string &Argument);

/// Path, as written in the CMake file of directory ListsDir (repository-
/// relative, "" for the root; TopDir is the top-level project's), as a
/// repository-relative path ("" for the root), with the source-directory
/// variables substituted (${CMAKE_CURRENT_SOURCE_DIR},
/// ${CMAKE_CURRENT_LIST_DIR}, ${PROJECT_SOURCE_DIR}, ${CMAKE_SOURCE_DIR}) and
/// relative paths taken from ListsDir; nullopt when it leaves the
/// repository, is absolute or uses other variables.
std::optional<std::string> cmakeRepositoryPath(std::string Path, const std::string &ListsDir,
                                               const std::string &TopDir);

} // namespace modelcompat

#endif
