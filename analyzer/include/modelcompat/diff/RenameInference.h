//===- RenameInference.h - Propose renames among removed/added keys -*- C++ -*-===//
//
// Renames are proposals, never assumptions: each pair of a removed and an
// added key of one class is scored by kind, layer type, shape, registration
// order and name similarity; the best pairs above a threshold are proposed
// with their confidence and the reason. A proposed rename is still breaking
// until a migration covers it.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_RENAMEINFERENCE_H
#define MODELCOMPAT_DIFF_RENAMEINFERENCE_H

#include "modelcompat/diff/KeyDiff.h"
#include "modelcompat/diff/ShapeEquivalence.h"

#include <map>
#include <string>
#include <vector>

namespace modelcompat {

/// A proposed rename: indexes into the Removed and Added lists.
struct ProposedRename {
  size_t Removed = 0, Added = 0;
  double Confidence = 0; ///< In [0, 1], rounded to two decimals.
  double Score = 0;      ///< Unrounded, for ranking.
  std::string Reason;    ///< "same type and shape, similar name"
};

/// What scoring needs besides the keys.
struct RenameContext {
  IdentifierRenaming Renaming;
  const std::map<std::string, std::string> *ClassNames = nullptr;
  double Threshold = 0.6;
};

/// How alike two keys' names are, in [0, 1]: the mean of the overlap of
/// their word tokens (`proj_attn.weight` ~ `attn.out_proj.weight`) and of
/// their common trailing path segments.
double nameSimilarity(const std::string &Old, const std::string &New);

/// The score and reason of one pair; a score of 0 rules the pair out (other
/// kind, a known shape that differs, another builtin tensor such as weight
/// versus bias).
ProposedRename scoreRename(const KeyRef &Removed, const KeyRef &Added,
                           const RenameContext &Context);

/// Greedy one-to-one assignment of the best-scoring pairs at or above the
/// threshold; ties go to the earlier keys, so the result is deterministic.
std::vector<ProposedRename> proposeRenames(const std::vector<KeyRef> &Removed,
                                           const std::vector<KeyRef> &Added,
                                           const RenameContext &Context);

} // namespace modelcompat

#endif
