//===- CMakeTargets.h - The targets a tree's CMake files declare -*- C++ -*-===//
//
// `modelcompat init` names the target that compiles a model. It reads the
// CMakeLists.txt files of the commit as text (support/CMakeCommands.h):
// add_library, add_executable and target_sources, their source lists with
// set()/list(APPEND) variables and file(GLOB)/file(GLOB_RECURSE) expanded
// over the tree, and the include directories each target is given.
// Conditions, functions and other variables are not evaluated.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_INIT_CMAKETARGETS_H
#define MODELCOMPAT_INIT_CMAKETARGETS_H

#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// Repository-relative path -> content, for the files init reads.
using TreeText = std::map<std::string, std::string>;

/// What add_library or add_executable makes.
enum class CMakeTargetKind { Library, Executable };

/// One target a CMakeLists.txt declares.
struct CMakeTarget {
  std::string Name;
  CMakeTargetKind Kind = CMakeTargetKind::Library;
  std::string ListsDir; ///< Folder of its CMakeLists.txt; "" for the root.
  /// Folder of the outermost CMakeLists.txt at or above ListsDir: the CMake
  /// project that holds the target ("" for the root). A library that a
  /// sample's CMakeLists.txt adds from its include/ folder belongs to the
  /// sample's project, not to include/.
  std::string ProjectDir;
  std::vector<std::string> Sources; ///< Repository-relative, as listed.
  /// include_directories of its folder and the folders above it, then its
  /// own target_include_directories; repository-relative ("" the root).
  std::vector<std::string> IncludeDirectories;
};

/// Every target the CMakeLists.txt files of Tree declare, in path order of
/// their files, then declaration order. ALIAS and IMPORTED targets are left
/// out.
std::vector<CMakeTarget> readCMakeTargets(const TreeText &Tree);

} // namespace modelcompat

#endif
