//===- ConditionLogic.cpp - Guards compared as logic, not as text --------===//
#include "modelcompat/schema/ConditionLogic.h"

#include "modelcompat/schema/ShapeExpression.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <set>
#include <vector>

namespace modelcompat {
namespace {

using shape::Expr;
using shape::ExprPtr;

ExprPtr node(Expr::Kind K, std::string Text, std::vector<ExprPtr> Operands) {
  auto E = std::make_shared<Expr>();
  E->K = K;
  E->Text = std::move(Text);
  E->Operands = std::move(Operands);
  return E;
}

bool isLogical(const ExprPtr &E) {
  return E->K == Expr::Kind::Binary && (E->Text == "&&" || E->Text == "||");
}

/// The comparison that is true exactly when Op is false.
const char *negatedComparison(const std::string &Op) {
  static const std::pair<const char *, const char *> Table[] = {
      {"==", "!="}, {"!=", "=="}, {"<", ">="}, {">=", "<"}, {">", "<="}, {"<=", ">"}};
  for (const auto &[From, To] : Table)
    if (Op == From)
      return To;
  return nullptr;
}

/// The operands of a chain of one logical operator: a && (b && c) -> a, b, c.
void collectOperands(const ExprPtr &E, const std::string &Op, std::vector<ExprPtr> &Out) {
  if (E->K == Expr::Kind::Binary && E->Text == Op) {
    collectOperands(E->Operands[0], Op, Out);
    collectOperands(E->Operands[1], Op, Out);
    return;
  }
  Out.push_back(E);
}

/// E (or !E when Negated) with negations on the atoms only, logical chains
/// sorted: the normal form both sides of a diff are compared in.
ExprPtr normalForm(const ExprPtr &E, bool Negated) {
  if (E->K == Expr::Kind::Unary && E->Text == "!")
    return normalForm(E->Operands[0], !Negated);
  if (E->K == Expr::Kind::Boolean) {
    auto Copy = std::make_shared<Expr>(*E);
    Copy->Value = Negated ? !E->Value : E->Value;
    return Copy;
  }
  if (isLogical(E)) {
    // De Morgan: !(a && b) is !a || !b.
    std::string Op = Negated ? (E->Text == "&&" ? "||" : "&&") : E->Text;
    std::vector<ExprPtr> Parts;
    collectOperands(E, E->Text, Parts);
    std::vector<ExprPtr> Normal;
    for (const ExprPtr &Part : Parts) {
      ExprPtr Inner = normalForm(Part, Negated);
      collectOperands(Inner, Op, Normal);
    }
    std::map<std::string, ExprPtr> Sorted; // Sorted and without duplicates.
    for (const ExprPtr &Part : Normal)
      Sorted.emplace(shape::printExpression(Part), Part);
    ExprPtr Chain;
    for (const auto &[Text, Part] : Sorted)
      Chain = Chain ? node(Expr::Kind::Binary, Op, {Chain, Part}) : Part;
    return shape::foldExpression(Chain);
  }
  if (Negated && E->K == Expr::Kind::Binary)
    if (const char *Flipped = negatedComparison(E->Text))
      return node(Expr::Kind::Binary, Flipped, E->Operands);
  return Negated ? node(Expr::Kind::Unary, "!", {E}) : E;
}

ExprPtr parseCondition(const std::string &Text) {
  ExprPtr E = shape::parseExpression(Text);
  return E ? shape::foldExpression(normalForm(shape::foldExpression(E), false)) : nullptr;
}

/// The normal-form conjuncts of a guard; empty for an always-true one.
/// nullopt when the text does not parse.
std::optional<std::set<std::string>> conjuncts(const std::optional<std::string> &Text) {
  std::set<std::string> Out;
  if (!Text || Text->empty())
    return Out;
  ExprPtr E = parseCondition(*Text);
  if (!E)
    return std::nullopt;
  if (E->K == Expr::Kind::Boolean && E->Value)
    return Out;
  std::vector<ExprPtr> Parts;
  collectOperands(E, "&&", Parts);
  for (const ExprPtr &Part : Parts)
    Out.insert(shape::printExpression(Part));
  return Out;
}

std::optional<std::string> joinConjuncts(const std::set<std::string> &Parts) {
  if (Parts.empty())
    return std::nullopt;
  std::string Text;
  for (const std::string &Part : Parts)
    Text += (Text.empty() ? "(" : " && (") + Part + ")";
  return normaliseCondition(Text);
}

bool includes(const std::set<std::string> &Larger, const std::set<std::string> &Smaller) {
  return std::includes(Larger.begin(), Larger.end(), Smaller.begin(), Smaller.end());
}

} // namespace

std::string normaliseCondition(const std::string &Text) {
  bool Blank = std::all_of(Text.begin(), Text.end(),
                           [](char C) { return std::isspace(static_cast<unsigned char>(C)); });
  if (Blank)
    return "";
  ExprPtr E = parseCondition(Text);
  if (!E)
    return foldExpressionText(Text);
  if (E->K == Expr::Kind::Boolean && E->Value)
    return "";
  return shape::printExpression(E);
}

std::optional<std::optional<std::string>>
mergeAlternativeConditions(const std::optional<std::string> &A,
                           const std::optional<std::string> &B) {
  std::optional<std::set<std::string>> Left = conjuncts(A), Right = conjuncts(B);
  if (!Left || !Right)
    return std::nullopt;
  // Absorption: A || (A && x) is A.
  if (includes(*Right, *Left))
    return joinConjuncts(*Left);
  if (includes(*Left, *Right))
    return joinConjuncts(*Right);
  // Resolution: (c && x) || (!c && x) is x.
  if (Left->size() != Right->size())
    return std::nullopt;
  std::vector<std::string> OnlyLeft, OnlyRight;
  std::set_difference(Left->begin(), Left->end(), Right->begin(), Right->end(),
                      std::back_inserter(OnlyLeft));
  std::set_difference(Right->begin(), Right->end(), Left->begin(), Left->end(),
                      std::back_inserter(OnlyRight));
  if (OnlyLeft.size() != 1 || OnlyRight.size() != 1 ||
      normaliseCondition("!(" + OnlyLeft[0] + ")") != OnlyRight[0])
    return std::nullopt;
  std::set<std::string> Common = *Left;
  Common.erase(OnlyLeft[0]);
  return joinConjuncts(Common);
}

} // namespace modelcompat
