//===- LoopFamilies.h - Unrolled loop items against symbolic families -*- C++ -*-===//
//
// A loop with a literal bound is unrolled by the extractor: `blocks.0` ..
// `blocks.3`. When the bound becomes a member, a size() or an option, the
// same registrations are one symbolic family, `blocks.{i}`. Comparing keys
// by text would remove every item and add the family; a family instead
// *covers* the items that have its suffixes, kinds, layer types and shapes
// (with the loop index bound to each item's index), and the change is one
// informational finding per family.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_LOOPFAMILIES_H
#define MODELCOMPAT_DIFF_LOOPFAMILIES_H

#include "modelcompat/diff/KeyDiff.h"
#include "modelcompat/diff/ShapeEquivalence.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace modelcompat {

/// One family of one side matched against items of the other side.
struct FamilyCoverage {
  std::string OldFamily; ///< "blocks.{0..3}" (items) or "blocks.{i}" (family).
  std::string NewFamily;
  std::vector<size_t> OldKeys; ///< Indexes into the base list it consumes.
  std::vector<size_t> NewKeys; ///< Indexes into the head list it consumes.
  /// False when the items have the family's structure but their shapes or
  /// guards cannot be shown equal to the family's (they depend on the index
  /// in another way): reported as unresolved, with Reason.
  bool Covered = true;
  /// Both sides are symbolic (only the loop variable's name changed): no
  /// finding at all.
  bool SameFamily = false;
  /// Set when the items' own name changed with the loop (`fpn_layer1` ..
  /// `fpn_layer3` against `fpn_layers{i + 1}`): each item's prefix and the
  /// family's prefix at the item's index ("fpn_layer2" -> "fpn_layers2"),
  /// base side first. The keys under them are renamed, not covered.
  std::vector<std::pair<std::string, std::string>> RenamedItems;
  std::string Reason;
};

/// The loop placeholders of a key ("blocks.{i}.conv{j}.weight" -> i, j);
/// empty for a concrete key.
std::vector<std::string> loopPlaceholders(const std::string &Key);

/// Whether Key is an instance of Pattern: each "{name}" of Pattern stands
/// for a run of digits or for another placeholder. Fills Values with what
/// each placeholder stood for ("2", or "j" for "{j}").
bool matchesLoopPattern(const std::string &Pattern, const std::string &Key,
                        std::map<std::string, std::string> *Values = nullptr);

/// Matches the symbolic families among Base and Head (the keys no other
/// pairing took) against the other side's items: head families first, then
/// base families against what is left. Renaming maps base identifiers onto
/// head ones; ClassNames base user classes onto head ones.
std::vector<FamilyCoverage> matchLoopFamilies(const std::vector<KeyRef> &Base,
                                              const std::vector<KeyRef> &Head,
                                              const IdentifierRenaming &Renaming,
                                              const std::map<std::string, std::string> *ClassNames);

} // namespace modelcompat

#endif
