//===- ConditionLogic.h - Guards compared as logic, not as text -*- C++ -*-===//
//
// A registration's condition is the source text of the guards around it.
// The same logic has many spellings: `!(!small)`, `!(a && b)` against
// `!a || !b`, the else branch of `if (!small)` against the then branch of
// `if (small)`. Both sides of a diff are compared in one normal form, and a
// key registered in both branches of an if/else is unconditional.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_CONDITIONLOGIC_H
#define MODELCOMPAT_SCHEMA_CONDITIONLOGIC_H

#include <optional>
#include <string>

namespace modelcompat {

/// The normal form of a guard: negations pushed onto the atoms (double
/// negation dropped, De Morgan applied, `!(a < b)` -> `a >= b`), `&&` and
/// `||` flattened with their operands sorted and deduplicated, spaces and
/// parentheses as the expression printer writes them. "" for an empty or
/// always-true guard; text the parser does not know comes back with its
/// whitespace normalised.
std::string normaliseCondition(const std::string &Text);

/// The guard of a key registered under A or under B, when it is one
/// conjunction: the weaker of the two when one implies the other, or the
/// common conjuncts when the two differ in one complementary conjunct
/// (`(c && x) || (!c && x)` is `x`). nullopt (the key is unconditional)
/// when the result is always true; no value of the outer optional when the
/// disjunction is not a conjunction of the two's conjuncts.
std::optional<std::optional<std::string>>
mergeAlternativeConditions(const std::optional<std::string> &A,
                           const std::optional<std::string> &B);

} // namespace modelcompat

#endif
