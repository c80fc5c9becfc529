//===- AlternativeRegistrations.h - One key from both branches -*- C++ -*-===//
//
// `if (c) conv = register_module("conv", A); else conv = register_module(
// "conv", B);` registers "conv" in every configuration when A and B have the
// same layout. The extractor records one entry per branch, guarded by `c`
// and `!(c)`; before two commits are compared, such alternatives collapse
// into one key under the disjunction of their guards (no guard at all for
// complementary ones), so that moving a registration out of an if/else, or
// swapping the branches and negating the guard, is not a change.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_ALTERNATIVEREGISTRATIONS_H
#define MODELCOMPAT_DIFF_ALTERNATIVEREGISTRATIONS_H

#include "modelcompat/schema/ModuleSchema.h"

#include <vector>

namespace modelcompat {

/// Merges keys of one class with the same name, kind, layer type and shape
/// whose guards combine into one conjunction (see
/// mergeAlternativeConditions), in its entries and in its flattened
/// StateDict; an entry all of whose keys merged into an earlier entry of the
/// same name and type is dropped, its guard merged into that entry's.
void mergeAlternativeRegistrations(ModuleSchema &Module);

/// The same for every class.
void mergeAlternativeRegistrations(std::vector<ModuleSchema> &Modules);

} // namespace modelcompat

#endif
