//===- BuiltinLayoutsInternal.h - Expressions and the layout table -*- C++ -*-===//
//
// What BuiltinLayouts.cpp is built from, exposed for the unit tests: a small
// C++ expression parser that folds integer arithmetic (the symbolic shapes and
// conditions of the table are expressions over a layer's arguments), and the
// table itself, a JSON document compiled into the library.
//
//===----------------------------------------------------------------------===//
#ifndef MODELCOMPAT_SCHEMA_BUILTINLAYOUTSINTERNAL_H
#define MODELCOMPAT_SCHEMA_BUILTINLAYOUTSINTERNAL_H

#include "modelcompat/schema/BuiltinLayouts.h"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace modelcompat {
namespace builtin {

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
struct Binding {
  enum class Kind { Free, Scalar, List, Unknown };
  Kind K = Kind::Free;
  ExprPtr Scalar;
  std::vector<ExprPtr> Elements;
};

/// Replaces every unqualified identifier Lookup binds, and `name[k]` for
/// bound lists; nullptr when an Unknown binding is reached.
ExprPtr substituteExpression(
    const ExprPtr &E, const std::function<Binding(const std::string &)> &Lookup);

/// Makes `Left && Right`, folded.
ExprPtr conjunction(const ExprPtr &Left, const ExprPtr &Right);

/// The layout table: a JSON document (see docs/builtin-layouts.md).
std::string_view builtinLayoutTable();

/// Every table name with the given role, in table order.
std::vector<std::string> builtinNamesWithRole(BuiltinRole Role);

} // namespace builtin
} // namespace modelcompat

#endif
