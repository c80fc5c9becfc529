//===- ConstructorArguments.cpp - A sub-module's symbols at its call site -===//
#include "modelcompat/schema/ConstructorArguments.h"

#include "modelcompat/schema/ShapeExpression.h"

namespace modelcompat {
namespace {

using shape::Expr;
using shape::ExprPtr;

bool isAtom(const ExprPtr &E, const char *Text) {
  return E->K == Expr::Kind::Atom && E->Text == Text;
}

/// `options`, `options_` or `this->options`: the module's own options; or
/// one of the parameters that take them whole.
bool isOwnOptions(const ExprPtr &E, const std::vector<std::string> &OptionsParameters) {
  if (isAtom(E, "options") || isAtom(E, "options_"))
    return true;
  for (const std::string &Parameter : OptionsParameters)
    if (isAtom(E, Parameter.c_str()))
      return true;
  return E->K == Expr::Kind::Member && (E->Text == "->options" || E->Text == "->options_") &&
         isAtom(E->Operands[0], "this");
}

/// The option an accessor call `options.X()` reads, or "" when E is not one.
std::string accessedOption(const ExprPtr &E, const std::vector<std::string> &OptionsParameters) {
  if (E->K != Expr::Kind::Call || E->Operands.size() != 1)
    return "";
  const ExprPtr &Callee = E->Operands[0];
  if (Callee->K != Expr::Kind::Member || Callee->Text.size() < 2 || Callee->Text[0] != '.' ||
      !isOwnOptions(Callee->Operands[0], OptionsParameters))
    return "";
  return Callee->Text.substr(1);
}

/// Replaces each accessor of a bound option with the option's name, so that
/// one identifier substitution then handles both spellings.
using ParsedArguments = std::map<std::string, ExprPtr>;

ExprPtr accessorsToNames(const ExprPtr &E, const ParsedArguments &Arguments,
                         const std::vector<std::string> &OptionsParameters) {
  std::string Option = accessedOption(E, OptionsParameters);
  if (!Option.empty() && Arguments.count(Option)) {
    auto Name = std::make_shared<Expr>();
    Name->K = Expr::Kind::Atom;
    Name->Text = Option;
    return Name;
  }
  if (E->Operands.empty())
    return E;
  auto Copy = std::make_shared<Expr>(*E);
  for (ExprPtr &Operand : Copy->Operands)
    Operand = accessorsToNames(Operand, Arguments, OptionsParameters);
  return Copy;
}

} // namespace

std::string bindConstructorArguments(const std::string &Text, const ConstructorArguments &Arguments,
                                     const std::vector<std::string> &OptionsParameters) {
  if (Arguments.empty())
    return Text;
  ExprPtr Parsed = shape::parseExpression(Text);
  if (!Parsed)
    return Text;
  ParsedArguments Values;
  for (const auto &[Name, Value] : Arguments)
    if (ExprPtr ParsedValue = shape::parseExpression(Value))
      Values.emplace(Name, ParsedValue);
  ExprPtr Bound = shape::substituteExpression(
      accessorsToNames(Parsed, Values, OptionsParameters), [&](const std::string &Name) {
        shape::Substitution B;
        auto It = Values.find(Name);
        if (It == Values.end())
          return B;
        // A plain braced list (an ExpandingArray's `{3, 5}`) so that
        // `name[1]` reads its element.
        if (It->second->K == Expr::Kind::List && It->second->Text.empty()) {
          B.K = shape::Substitution::Kind::List;
          B.Elements = It->second->Operands;
          return B;
        }
        B.K = shape::Substitution::Kind::Scalar;
        B.Scalar = It->second;
        return B;
      });
  return Bound ? shape::printExpression(shape::foldExpression(Bound)) : Text;
}

} // namespace modelcompat
