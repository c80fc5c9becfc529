//===- ShapeEquivalence.cpp - Compare symbolic shapes up to renaming -----===//
#include "modelcompat/diff/ShapeEquivalence.h"
#include "modelcompat/support/IdentifierChars.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace modelcompat {
namespace {

bool isIdentifier(const std::string &Token) {
  return !Token.empty() && isIdentifierStart(Token[0]);
}

} // namespace

std::vector<std::string> tokenizeExpression(const std::string &Text) {
  std::vector<std::string> Tokens;
  for (size_t I = 0; I < Text.size();) {
    char C = Text[I];
    if (std::isspace(static_cast<unsigned char>(C))) {
      ++I;
      continue;
    }
    size_t End = I + 1;
    if (isIdentifierStart(C) || std::isdigit(static_cast<unsigned char>(C)))
      while (End < Text.size() && isIdentifierChar(Text[End]))
        ++End;
    Tokens.push_back(Text.substr(I, End - I));
    I = End;
  }
  return Tokens;
}

std::string comparableExpression(const std::string &Text, const IdentifierRenaming &Renaming) {
  std::string Out;
  for (const std::string &Token : tokenizeExpression(Text)) {
    auto It = isIdentifier(Token) ? Renaming.find(Token) : Renaming.end();
    const std::string &Shown = It == Renaming.end() ? Token : It->second;
    // Keep a separator where dropping whitespace would glue two words.
    if (!Out.empty() && isIdentifierChar(Out.back()) && isIdentifierChar(Shown[0]))
      Out += ' ';
    Out += Shown;
  }
  return Out;
}

IdentifierRenaming
learnIdentifierRenaming(const std::vector<std::pair<std::string, std::string>> &Pairs) {
  // A renamed parameter leaves the base side and appears at the head side:
  // only names missing from the other side may be renamed, so swapping two
  // arguments (`in, out` -> `out, in`) stays a change.
  std::set<std::string> BaseNames, HeadNames;
  for (const auto &[BaseText, HeadText] : Pairs) {
    for (const std::string &Token : tokenizeExpression(BaseText))
      if (isIdentifier(Token))
        BaseNames.insert(Token);
    for (const std::string &Token : tokenizeExpression(HeadText))
      if (isIdentifier(Token))
        HeadNames.insert(Token);
  }
  // Votes[base][head]: how often base faces head at the same token position.
  std::map<std::string, std::map<std::string, unsigned>> Votes;
  for (const auto &[BaseText, HeadText] : Pairs) {
    std::vector<std::string> Base = tokenizeExpression(BaseText);
    std::vector<std::string> Head = tokenizeExpression(HeadText);
    if (Base.size() != Head.size())
      continue;
    bool SameStructure = true;
    for (size_t I = 0; I < Base.size() && SameStructure; ++I)
      SameStructure = isIdentifier(Base[I]) == isIdentifier(Head[I]) &&
                      (isIdentifier(Base[I]) || Base[I] == Head[I]);
    if (!SameStructure)
      continue;
    for (size_t I = 0; I < Base.size(); ++I)
      if (isIdentifier(Base[I]) && Base[I] != Head[I] && !HeadNames.count(Base[I]) &&
          !BaseNames.count(Head[I]))
        ++Votes[Base[I]][Head[I]];
  }
  // Strongest votes first, so a clear majority wins over a stray pairing.
  struct Candidate {
    unsigned Count;
    std::string Base, Head;
  };
  std::vector<Candidate> Candidates;
  for (const auto &[Base, Heads] : Votes)
    for (const auto &[Head, Count] : Heads)
      Candidates.push_back({Count, Base, Head});
  std::stable_sort(Candidates.begin(), Candidates.end(),
                   [](const Candidate &A, const Candidate &B) { return A.Count > B.Count; });
  IdentifierRenaming Renaming;
  std::set<std::string> Taken;
  for (const Candidate &C : Candidates) {
    if (Renaming.count(C.Base) || Taken.count(C.Head))
      continue;
    Renaming[C.Base] = C.Head;
    Taken.insert(C.Head);
  }
  return Renaming;
}

std::vector<std::pair<std::string, std::string>>
alignedDimensions(const std::optional<SymbolicShape> &Base,
                  const std::optional<SymbolicShape> &Head) {
  std::vector<std::pair<std::string, std::string>> Out;
  if (!Base || !Head || Base->size() != Head->size())
    return Out;
  for (size_t I = 0; I < Base->size(); ++I)
    Out.emplace_back((*Base)[I], (*Head)[I]);
  return Out;
}

bool equivalentShapes(const SymbolicShape &Base, const SymbolicShape &Head,
                      const IdentifierRenaming &Renaming) {
  if (Base.size() != Head.size())
    return false;
  for (size_t I = 0; I < Base.size(); ++I)
    if (comparableExpression(Base[I], Renaming) != comparableExpression(Head[I]))
      return false;
  return true;
}

DefaultsVerdict compareUnderDefaults(const SymbolicShape &Base, const SymbolicShape &Head,
                                     const ConstructorArguments &BaseDefaults,
                                     const ConstructorArguments &HeadDefaults,
                                     const IdentifierRenaming &Renaming) {
  DefaultsVerdict Verdict;
  if (Base.size() != Head.size())
    return Verdict;
  // The defaults the shapes use, as "name=value", each once.
  std::map<std::string, std::string> Used;
  auto Bind = [&](const SymbolicShape &Shape, const ConstructorArguments &Defaults) {
    SymbolicShape Bound;
    for (const std::string &Dim : Shape) {
      for (const std::string &Token : tokenizeExpression(Dim))
        if (auto It = Defaults.find(Token); It != Defaults.end())
          Used.emplace(Token, It->second);
      Bound.push_back(bindConstructorArguments(Dim, Defaults));
    }
    return Bound;
  };
  SymbolicShape BoundBase = Bind(Base, BaseDefaults);
  SymbolicShape BoundHead = Bind(Head, HeadDefaults);
  if (Used.empty())
    return Verdict;
  std::string Values;
  for (const auto &[Name, Value] : Used)
    Values += (Values.empty() ? "" : ", ") + Name + "=" + Value;
  if (equivalentShapes(BoundBase, BoundHead, Renaming)) {
    Verdict.K = DefaultsVerdict::Kind::Equal;
    Verdict.Reason = "equal when " + Values;
    return Verdict;
  }
  bool Integers = true;
  for (const SymbolicShape *Shape : {&BoundBase, &BoundHead})
    for (const std::string &Dim : *Shape)
      Integers =
          Integers && !Dim.empty() && Dim.find_first_not_of("-0123456789") == std::string::npos;
  Verdict.K = Integers ? DefaultsVerdict::Kind::Unequal : DefaultsVerdict::Kind::Undecided;
  Verdict.Reason = std::string(Integers ? "unequal" : "not shown equal") + " when " + Values +
                   " (" + shapeText(BoundBase, FindingShapeStyle) + " against " +
                   shapeText(BoundHead, FindingShapeStyle) + ")";
  return Verdict;
}

} // namespace modelcompat
