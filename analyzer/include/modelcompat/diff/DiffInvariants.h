//===- DiffInvariants.h - Findings the engine must never produce -*- C++ -*-===//
//
// Some findings are wrong whatever the code under review: a key "renamed"
// to itself, a layer "retyped" to the type it had, a layout finding for a
// class none of whose sources changed. They come from a confused pairing
// (two classes with one name, duplicate registrations), never from the
// user's change. diffSchemas checks every result: a debug build stops on a
// violation, a release build drops the finding, and a test runs the check
// over every golden case.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_DIFFINVARIANTS_H
#define MODELCOMPAT_DIFF_DIFFINVARIANTS_H

#include "modelcompat/diff/SchemaDiff.h"

#include <set>
#include <string>
#include <vector>

namespace modelcompat {

/// One finding that breaks an invariant.
struct InvariantViolation {
  size_t Change = 0;   ///< Index into SchemaDiff::Changes.
  std::string Message; ///< "renamed 'a.weight' to itself in 'ns::XImpl'"
};

/// Whether a kind describes the layout of a class's own keys (everything
/// but class-renamed and unresolved).
bool isLayoutKind(ChangeKind Kind);

/// The findings of Changes that break an invariant: renamed with identical
/// old and new key in one class; retyped with identical old and new type
/// (and no change of entry kind); a layout finding of a class listed in
/// UnchangedClasses (classes whose own sources and whose children's sources
/// are identical at both commits).
std::vector<InvariantViolation>
diffInvariantViolations(const std::vector<Change> &Changes,
                        const std::set<std::string> &UnchangedClasses);

/// Classes defined, at both commits, in the same file, which is unchanged
/// along with the project headers it includes, and which no changed file
/// includes (an out-of-line constructor elsewhere could change the class).
std::set<std::string> unchangedClasses(const ScanResult &Base, const ScanResult &Head,
                                       const std::set<std::string> &UnchangedFiles);

} // namespace modelcompat

#endif
