//===- ShapeExpression.h - Parse, fold and print C++ expressions -*- C++ -*-===//
//
// Symbolic shapes and conditions are C++ source text, so two spellings of one
// size ("2*4" and "8", "in / 1" and "in") must print the same. This module is
// the one reader of that text: a small recursive-descent parser for the C++
// that sizes tensors (arithmetic, comparisons, ?:, calls, members, indexing,
// braced lists), integer folding, substitution of names, and a printer with
// one spacing. The builtin layout table, condition logic and constructor
// arguments (schema), the extractor and the differ all go through it. Nothing
// here throws: the extractor calls it from Clang callbacks.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_SHAPEEXPRESSION_H
#define MODELCOMPAT_SCHEMA_SHAPEEXPRESSION_H

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace modelcompat {

/// Folds an expression's source text and prints it with one spacing: single
/// spaces around binary operators, none inside parentheses, integer
/// arithmetic folded ("2*  4" -> "8", "in / 1" -> "in"). Text the parser does
/// not know keeps its words with whitespace collapsed.
std::string foldExpressionText(std::string_view Text);

namespace shape {

struct Expr;
/// Expressions are immutable and shared between trees.
using ExprPtr = std::shared_ptr<const Expr>;

/// A parsed C++ expression, as much of C++ as shapes and conditions use.
struct Expr {
  enum class Kind {
    Integer,     ///< Value.
    Boolean,     ///< Value is 0 or 1.
    Atom,        ///< Text: an identifier, qualified name or other literal.
    Unary,       ///< Text is the operator; Operands = {operand}.
    Binary,      ///< Text is the operator; Operands = {left, right}.
    Conditional, ///< Operands = {condition, then, else}.
    Call,        ///< Operands = {callee, arguments...}.
    Member,      ///< Text is "." or "->" followed by the member name.
    Index,       ///< Operands = {object, index}.
    List,        ///< Text is the type before the brace, if any; elements.
  };
  Kind K = Kind::Atom;
  long long Value = 0;
  std::string Text;
  std::vector<ExprPtr> Operands;
};

/// Parses Text; nullptr when it is not an expression this parser knows.
ExprPtr parseExpression(std::string_view Text);

/// Folds integer and boolean arithmetic and trivial identities bottom-up.
ExprPtr foldExpression(const ExprPtr &E);

/// Prints E with single spaces around binary operators and only the
/// parentheses that precedence needs.
std::string printExpression(const ExprPtr &E);

/// What a name stands for during substitution: an expression, a list of
/// expressions, or nothing known (the whole result is then unknown).
struct Substitution {
  enum class Kind { Free, Scalar, List, Unknown };
  Kind K = Kind::Free;
  ExprPtr Scalar;
  std::vector<ExprPtr> Elements;
};

/// Replaces every unqualified identifier Lookup binds, and `name[k]` for
/// bound lists; nullptr when an Unknown substitution is reached.
ExprPtr substituteExpression(const ExprPtr &E,
                             const std::function<Substitution(const std::string &)> &Lookup);

/// Makes `Left && Right`, folded.
ExprPtr conjunction(const ExprPtr &Left, const ExprPtr &Right);

} // namespace shape
} // namespace modelcompat

#endif
