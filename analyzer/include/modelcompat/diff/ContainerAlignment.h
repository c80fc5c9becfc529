//===- ContainerAlignment.h - Index shifts in Sequential & co. --*- C++ -*-===//
//
// Removing an item from the middle of a Sequential shifts the index of every
// later item: `head.2.weight` becomes `head.1.weight`. Comparing keys by
// text would call that a reshape of item 1 and a removal of item 2; aligning
// the items by their contents finds the removal and the shift.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_CONTAINERALIGNMENT_H
#define MODELCOMPAT_DIFF_CONTAINERALIGNMENT_H

#include "modelcompat/diff/KeyDiff.h"
#include "modelcompat/diff/ShapeEquivalence.h"

#include <string>
#include <vector>

namespace modelcompat {

/// A key whose container index moved.
struct ShiftedKey {
  std::string OldKey, NewKey;
  std::string Container; ///< "head"
  unsigned OldIndex = 0, NewIndex = 0;
};

/// Aligns the numbered items of each container present at both sides (the
/// prefix before a key's first all-digit segment) by a longest common
/// subsequence of their contents (key suffixes, kinds, shapes, layers), and
/// returns the keys of the items that moved. Nothing when no item moved.
std::vector<ShiftedKey> alignContainerItems(const std::vector<KeyRef> &Base,
                                            const std::vector<KeyRef> &Head,
                                            const IdentifierRenaming &Renaming);

/// A whole child sub-tree whose keys all moved to another prefix:
/// `seq.stem.*` -> `seq.0.*`, `proj.*` -> `attn.proj.*`.
struct MovedSubtree {
  std::string OldPrefix, NewPrefix; ///< Without the trailing dot.
  /// Index pairs into the Removed and Added lists, one per key.
  std::vector<std::pair<size_t, size_t>> Keys;
  double Confidence = 0;
  std::string Reason;
};

/// Pairs whole sub-trees among the keys left unpaired (Removed from Base,
/// Added to Head): a prefix all of whose keys at its side are unpaired is a
/// candidate; two candidates pair when their contents (relative keys,
/// kinds, shapes, builtin layers, conditions) are identical. Shallower
/// prefixes pair first, so a moved parent is one move, not one per child;
/// candidates with the same contents pair in registration order. Base keys
/// are read through Renaming (identifiers the class renamed).
std::vector<MovedSubtree> alignSubtrees(const std::vector<KeyRef> &Base,
                                        const std::vector<KeyRef> &Head,
                                        const std::vector<KeyRef> &Removed,
                                        const std::vector<KeyRef> &Added,
                                        const IdentifierRenaming &Renaming);

} // namespace modelcompat

#endif
