//===- KeyDiff.h - Compare the state keys of one pair of classes -*- C++ -*-===//
#ifndef MODELCOMPAT_DIFF_KEYDIFF_H
#define MODELCOMPAT_DIFF_KEYDIFF_H

#include "modelcompat/diff/SchemaDiff.h"

#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// One state key of one side of a class comparison.
struct KeyRef {
  const StateKey *Key = nullptr;
  /// The registration that produced it (null for modules without entries).
  const StateEntry *Entry = nullptr;
  /// Registration order: 0 for the class's first key, 1 for its last.
  double Position = 0;
};

/// What a class comparison needs to know about the whole diff.
struct ClassDiffContext {
  /// The user module classes of each commit, by name and defining file.
  const ClassResolver *BaseClasses = nullptr;
  const ClassResolver *HeadClasses = nullptr;
  /// Base class (and holder) names -> head names, for matched classes.
  const std::map<std::string, std::string> *ClassNames = nullptr;
  /// Base class -> head class, for matched classes, by identity.
  const std::map<const ModuleSchema *, const ModuleSchema *> *ClassPairs = nullptr;
  /// Rename proposals scoring below this are reported as removed + added.
  double RenameThreshold = 0.6;
};

/// Whether a base layer type and a head one are the same, once base user
/// classes are mapped through ClassNames (which may be null).
bool sameLayerType(const std::string &Base, const std::string &Head,
                   const std::map<std::string, std::string> *ClassNames);

/// The head class a base class pairs with (ClassPairs), or null.
const ModuleSchema *pairedClass(const ModuleSchema *BaseClass, const ClassDiffContext &Context);

/// The owner of a key: the path of the module that holds it ("bn" for
/// "bn.weight"), or the key itself for a tensor of the class.
std::string ownerPath(const std::string &Key);

/// Whether a change of this kind breaks loading an old checkpoint strictly
/// (added, removed, renamed, reshaped, condition-changed, unresolved) or is
/// informational (retyped with identical keys and shapes, class-renamed).
bool isBreakingKind(ChangeKind Kind);

/// The keys a class contributes to the comparison, in registration order.
/// Keys of a user sub-module registered under the same name at both sides,
/// whose class pairs with the other side's and which is constructed with
/// the same arguments, are left out: that sub-module's own comparison
/// reports them once, at the class that changed. Arguments that changed are
/// the caller's business: the caller compares that entry's keys itself, and
/// dropFindingsReportedBySubmodules then removes what the sub-module's class
/// already reports.
std::vector<KeyRef> comparedKeys(const ModuleSchema &Module,
                                 const std::vector<std::string> &SkippedEntries);

/// The findings for one pair of matched classes: added, removed, renamed
/// (proposed), reshaped, retyped and condition-changed keys.
std::vector<Change> diffClassKeys(const ModuleSchema &Base, const ModuleSchema &Head,
                                  const ClassDiffContext &Context);

} // namespace modelcompat

#endif
