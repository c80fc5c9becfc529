//===- ShapeEquivalence.h - Compare symbolic shapes up to renaming -*- C++ -*-===//
//
// Shapes are normalised source text. Two shapes are equivalent when their
// texts are equal once whitespace is dropped and the identifiers are put
// through an IdentifierRenaming learnt from the whole class: a constructor
// parameter renamed from `in_ch` to `in_channels` renames it in every shape
// of the class consistently, which is not a change.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_DIFF_SHAPEEQUIVALENCE_H
#define MODELCOMPAT_DIFF_SHAPEEQUIVALENCE_H

#include "modelcompat/schema/ModuleSchema.h"
#include "modelcompat/support/ShapeText.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace modelcompat {

/// A one-to-one mapping of base identifiers onto head identifiers.
using IdentifierRenaming = std::map<std::string, std::string>;

/// Splits an expression into tokens: identifiers, numbers, and single
/// punctuation characters; whitespace is dropped.
std::vector<std::string> tokenizeExpression(const std::string &Text);

/// The expression as two sides' expressions are compared: without
/// whitespace, with base identifiers renamed (no folding: the extractor
/// already wrote it with foldExpressionText).
std::string comparableExpression(const std::string &Text, const IdentifierRenaming &Renaming = {});

/// Learns the renaming from pairs of texts that name the same thing at both
/// sides (shapes and conditions of keys present at both). Each base
/// identifier maps to the head identifier it faces most often; the mapping
/// stays one-to-one, ties broken by name, so the result is deterministic.
IdentifierRenaming
learnIdentifierRenaming(const std::vector<std::pair<std::string, std::string>> &Pairs);

/// The (base, head) text pairs of two shapes of equal rank, dimension by
/// dimension; nothing when either is unknown or the ranks differ.
std::vector<std::pair<std::string, std::string>>
alignedDimensions(const std::optional<SymbolicShape> &Base,
                  const std::optional<SymbolicShape> &Head);

/// Whether two known shapes are equal up to whitespace and Renaming.
bool equivalentShapes(const SymbolicShape &Base, const SymbolicShape &Head,
                      const IdentifierRenaming &Renaming);

/// What two shapes that differ as text are under the defaults their classes
/// declare (ModuleSchema::Defaults).
struct DefaultsVerdict {
  enum class Kind {
    NoDefaults, ///< Neither shape names a declared default.
    Equal,      ///< Equal once the defaults are substituted.
    Unequal,    ///< Different integers once the defaults are substituted.
    Undecided,  ///< Still symbolic and different: nothing proven.
  };
  Kind K = Kind::NoDefaults;
  /// "equal when base_width=64, groups=1", "unequal when groups=2: ...",
  /// "not shown equal when groups=1: ...".
  std::string Reason;
};

/// Substitutes each side's defaults into its shape, folds, and compares up
/// to Renaming.
DefaultsVerdict compareUnderDefaults(const SymbolicShape &Base, const SymbolicShape &Head,
                                     const ConstructorArguments &BaseDefaults,
                                     const ConstructorArguments &HeadDefaults,
                                     const IdentifierRenaming &Renaming);

/// How findings and their reasons spell shapes: "[out, in, 3, 3]", or
/// "unknown" for a shape the source does not give.
inline constexpr ShapeStyle FindingShapeStyle{", ", "unknown"};

} // namespace modelcompat

#endif
