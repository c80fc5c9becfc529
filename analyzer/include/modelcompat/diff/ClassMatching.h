//===- ClassMatching.h - Pair module classes across two commits -*- C++ -*-===//
//
// Classes are matched by name, and also by layout and file, so a class that
// is renamed with an identical layout, or two classes that swap names, are
// recognised as renames rather than as layout changes.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_CLASSMATCHING_H
#define MODELCOMPAT_DIFF_CLASSMATCHING_H

#include "modelcompat/schema/ModuleSchema.h"

#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// One class at base paired with one at head; one side is null for a class
/// that exists at one commit only.
struct ClassMatch {
  const ModuleSchema *Base = nullptr;
  const ModuleSchema *Head = nullptr;
  /// The two sides have different names.
  bool Renamed = false;
  /// The flattened layouts are identical (keys, kinds, shapes, layers).
  bool IdenticalLayout = false;
  /// How the pair was found: "same name", "identical layout, same file", ...
  std::string Reason;
};

/// The text two classes must share to have an identical layout.
std::string layoutSignature(const ModuleSchema &Module);

/// Pairs classes, identified by name and defining file, in four passes:
/// same name and layout; identical layout (for a base class gone from head,
/// or classes whose names were swapped or reused), preferring the same file
/// and folder; same name; the one class that left a file and the one that
/// appeared in it. A name shared by classes of several files pairs the
/// namesake of the same file. Sorted by head class id (base id for
/// base-only classes).
std::vector<ClassMatch> matchClasses(const std::vector<ModuleSchema> &Base,
                                     const std::vector<ModuleSchema> &Head);

/// Base class name (and holder) -> head class name, for the matched pairs.
/// A name that pairs with itself anywhere maps to itself.
std::map<std::string, std::string> classNameMapping(const std::vector<ClassMatch> &Matches);

/// Base class -> the head class it pairs with, by identity.
using ClassPairs = std::map<const ModuleSchema *, const ModuleSchema *>;

/// The matched pairs of Matches.
ClassPairs classPairs(const std::vector<ClassMatch> &Matches);

} // namespace modelcompat

#endif
